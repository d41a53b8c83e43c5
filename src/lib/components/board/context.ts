/**
 * What every section component needs, handed down once by BoardView instead of prop-drilled
 * piece by piece: the document, whether this person may write, the reactive board, the guidance
 * for a place on the board, and who this person is.
 */
import type * as Y from 'yjs';
import { getContext, setContext } from 'svelte';
import type { BoardState } from '$lib/sync/board-state.svelte';
import type { InlineFlag } from './Flags.svelte';
import type { GuidanceTarget } from '$lib/board/guidance/flags';
import type { SectionId } from '$lib/board/sections';
import type { Meeting } from '$lib/sync/meeting.svelte';

export interface FlagTarget {
	kind: GuidanceTarget['kind'];
	id?: string;
	stepId?: string;
	field?: string;
}

export interface BoardContext {
	doc: Y.Doc;
	readonly readOnly: boolean;
	board: BoardState;
	/** The live meeting: facilitation state, server clock, this person's ballot and notes. */
	meeting: Meeting;
	/** Read-only for this person in this section: an observer, or a section the facilitator locked. */
	readOnlyIn(section: SectionId): boolean;
	/**
	 * Guidance flags attached to exactly this place (a field, or a record or section as a
	 * whole); with `anyField`, also those on any of its fields.
	 */
	flagsFor(target: FlagTarget, anyField?: boolean): InlineFlag[];
	/** Display name of the person at this keyboard ('' for observers). */
	me: string;
	/** Reports which section this person is working in (presence). */
	enterSection(section: string): void;
	/** Completeness of a section, for its badge. */
	sectionState(section: string): SectionState;
}

/** How far a section is; 'optional' is an optional section nobody has filled. */
export type SectionState = 'empty' | 'partial' | 'complete' | 'optional';

const KEY = Symbol('debrief-board');

export const setBoardContext = (context: BoardContext) => setContext(KEY, context);
export const boardContext = () => getContext<BoardContext>(KEY);
