/**
 * What every writeup format renders: the board plus what lives beside it (who took part,
 * vote totals, causal links between factors, the canvas picture), with the export options
 * already applied (names replaced by roles, notes left out).
 */
import { votesFor, type Attendee, type ControlState } from '../control.ts';
import { computeDurations, type Durations } from '../time/durations.ts';
import { sectionCompleteness } from '../guidance/completeness.ts';
import { collectGuidance } from '../guidance/guidance.ts';
import type { BoardData } from '../types.ts';
import { MAX_NAME_LENGTH, nameReplacer } from './names.ts';

export interface CausalLink {
	from: string;
	to: string;
}

export interface ExportInput {
	board: BoardData;
	attendees: Attendee[];
	noteTaker: string | null;
	/** Votes per factor id from the last closed round, or null when nobody voted. */
	votes: Record<string, number> | null;
	causalLinks: CausalLink[];
	/** The canvas as SVG (already sanitised by the server), or null. */
	canvasSvg: string | null;
	/** ISO 8601; part of the input so the same board always renders the same document. */
	exportedAt: string;
}

/**
 * The one way to build what a writeup renders, used by the server's export endpoints, the
 * browser's export dialog and the tests, so every copy of a writeup says the same. Causal
 * links travel without their ids: an id names a canvas arrow, not part of the postmortem.
 */
export function exportInput(
	board: BoardData,
	control: Pick<ControlState, 'attendees' | 'noteTaker' | 'voting'>,
	canvasSvg: string | null,
	exportedAt = new Date().toISOString()
): ExportInput {
	return {
		board,
		attendees: control.attendees,
		noteTaker: control.noteTaker,
		votes: control.voting.results,
		causalLinks: board.causalLinks.map(({ from, to }) => ({ from, to })),
		canvasSvg,
		exportedAt
	};
}

export interface ExportOptions {
	/** Replace people's names with their roles ("Facilitator", "Participant 2"). */
	namesAsRoles: boolean;
	includeNotes: boolean;
}

export const DEFAULT_OPTIONS: ExportOptions = { namesAsRoles: false, includeNotes: true };

export interface Participant {
	name: string;
	role: string;
}

/** The writeup's content, ready to print in any format. */
export interface Writeup {
	input: ExportInput;
	board: BoardData;
	durations: Durations;
	participants: Participant[];
	/** Factor titles by id ("Untitled factor" for blank ones). */
	factorTitle: (id: string | null) => string;
	/** A factor's votes from the last closed round, or "—" when nobody voted. */
	factorVotes: (id: string) => string;
	options: ExportOptions;
}

/** Builds the writeup: derived values computed, options applied to every piece of text. */
export function buildWriteup(input: ExportInput, options: ExportOptions = DEFAULT_OPTIONS): Writeup {
	const rename = options.namesAsRoles ? roleNames(input) : (text: string) => text;
	const board = mapText(input.board, rename);
	if (!options.includeNotes) board.notes = '';
	const participants: Participant[] = input.attendees.map((a) => ({
		name: rename(a.name),
		role: a.role === 'facilitator' ? 'Facilitator' : a.name === input.noteTaker ? 'Note-taker' : 'Participant'
	}));
	const titles = new Map(board.factors.map((f, i) => [f.id, f.title.trim() || `Factor ${i + 1}`]));
	return {
		input,
		board,
		durations: computeDurations(board.timeline),
		participants,
		factorTitle: (id) => (id ? (titles.get(id) ?? 'a factor that was deleted') : 'not linked'),
		factorVotes: (id) => (input.votes ? String(votesFor(input.votes, id)) : '—'),
		options
	};
}

/**
 * Everyone named on the board (attendees, timeline authors, action owners) gets a role
 * label; the labels replace whole-word occurrences of the names in every text.
 */
function roleNames(input: ExportInput): (text: string) => string {
	const labels = new Map<string, string>();
	let n = 0;
	const add = (name: string, label?: string) => {
		const clean = name.trim();
		if (clean.length < 2 || clean.length > MAX_NAME_LENGTH || labels.has(clean)) return;
		labels.set(clean, label ?? `Participant ${++n}`);
	};
	for (const a of input.attendees) add(a.name, a.role === 'facilitator' ? 'Facilitator' : a.name === input.noteTaker ? 'Note-taker' : undefined);
	for (const e of input.board.timeline) add(e.author);
	for (const a of input.board.actions) add(a.owner);
	return nameReplacer(labels);
}

/** A deep copy of the board with `rename` applied to every person-written string. */
function mapText(board: BoardData, rename: (text: string) => string): BoardData {
	const r = rename;
	return {
		header: { ...board.header, title: r(board.header.title), incident: r(board.header.incident), services: r(board.header.services) },
		summary: r(board.summary),
		notes: r(board.notes),
		impact: { ...board.impact, usersAffected: r(board.impact.usersAffected), dataLostWhat: r(board.impact.dataLostWhat), financialImpact: r(board.impact.financialImpact) },
		timeline: board.timeline.map((e) => ({ ...e, description: r(e.description), author: r(e.author) })),
		whyChains: board.whyChains.map((c) => ({ ...c, problem: r(c.problem), steps: c.steps.map((s) => ({ ...s, why: r(s.why), because: r(s.because) })) })),
		factors: board.factors.map((f) => ({ ...f, title: r(f.title), description: r(f.description) })),
		actions: board.actions.map((a) => ({ ...a, title: r(a.title), owner: r(a.owner) })),
		wentWell: board.wentWell.map((i) => ({ ...i, text: r(i.text) })),
		lucky: board.lucky.map((i) => ({ ...i, text: r(i.text) })),
		followUpDate: board.followUpDate,
		revealedNotes: board.revealedNotes.map((n) => ({ ...n, text: r(n.text) })),
		causalLinks: board.causalLinks.map((l) => ({ ...l }))
	};
}

export interface ExportWarning {
	/** Board section to jump to. */
	section: string;
	message: string;
}

const WARNED_RULES = new Set(['blame-language', 'why-stops-at-person', 'action-no-owner', 'action-no-due', 'action-no-factor', 'action-dangling-factor', 'factor-no-action']);
/** Sections whose gaps the guidance flags already describe item by item. */
const ITEMISED = new Set(['factors', 'actions']);

/** What is incomplete before export: never blocking, each pointing at its place. */
export function exportWarnings(board: BoardData): ExportWarning[] {
	const warnings: ExportWarning[] = [];
	for (const [section, state] of Object.entries(sectionCompleteness(board))) {
		if (state.optional || ITEMISED.has(section)) continue;
		for (const missing of state.missing) warnings.push({ section, message: missing });
	}
	const titles = new Map<string, string>([
		...board.actions.map((a, i) => [a.id, a.title.trim() || `Action ${i + 1}`] as const),
		...board.factors.map((f, i) => [f.id, f.title.trim() || `Factor ${i + 1}`] as const)
	]);
	for (const flag of collectGuidance(board)) {
		if (!WARNED_RULES.has(flag.rule)) continue;
		const item = flag.target.id && (flag.target.kind === 'action' || flag.target.kind === 'factor') ? titles.get(flag.target.id) : undefined;
		const prefix = flag.rule === 'blame-language' ? 'Blame language: ' : item ? `“${item}”: ` : '';
		warnings.push({ section: flag.section, message: prefix + flag.message });
	}
	if (board.factors.length === 0) warnings.push({ section: 'factors', message: 'No contributing factors yet.' });
	if (board.actions.length === 0) warnings.push({ section: 'actions', message: 'No action items yet.' });
	return warnings;
}
