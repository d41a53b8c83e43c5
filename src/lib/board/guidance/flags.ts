/**
 * The notes guidance gives: which rules exist, what a note points at, and how notes are
 * looked up for one field. Every check in this folder returns these.
 */
import type { BlameRule } from './blame/rules.ts';
import type { SectionId } from '../sections.ts';

export const GUIDANCE_RULES = [
	'blame-language',
	'why-stops-at-person',
	'why-empty',
	'why-unanswered',
	'action-empty',
	'action-vague',
	'action-no-owner',
	'action-no-due',
	'action-no-factor',
	'action-dangling-factor',
	'factor-no-action',
	'factor-only-wont-do'
] as const;
export type GuidanceRule = (typeof GUIDANCE_RULES)[number];

export type GuidanceTargetKind =
	| 'timeline'
	| 'summary'
	| 'notes'
	| 'why'
	| 'factor'
	| 'action'
	| 'impact'
	| 'wentWell'
	| 'lucky'
	| 'header';

/** The board element a flag is about, so the UI can place the note next to it. */
export interface GuidanceTarget {
	kind: GuidanceTargetKind;
	/** Record id: timeline entry, why chain, factor, action or list item. Absent for singletons (summary, notes, impact, header). */
	id?: string;
	/** For why chains: the step the flag is about, when it is about one step. */
	stepId?: string;
	/** The field as named in BoardData: 'description', 'because', 'title', 'owner', 'usersAffected', … */
	field?: string;
}

export interface GuidanceFlag {
	/** Stable for the same problem across recomputations (never contains offsets), for keyed lists. */
	id: string;
	section: SectionId;
	target: GuidanceTarget;
	rule: GuidanceRule;
	severity: 'info' | 'warning';
	message: string;
	suggestion?: string;
	/** Character range in target.field's text, for highlighting; only on text flags. */
	range?: { start: number; end: number };
	/** The flagged words, for blame language. */
	phrase?: string;
	/** Which blame rule matched, for blame language. */
	blameRule?: BlameRule;
}

export const SECTION_OF: Record<GuidanceTargetKind, SectionId> = {
	header: 'header',
	summary: 'summary',
	impact: 'impact',
	timeline: 'timeline',
	why: 'why',
	factor: 'factors',
	action: 'actions',
	wentWell: 'wentWell',
	lucky: 'lucky',
	notes: 'notes'
};

/** A key for one target, also used in flag ids: "why:<chainId>:<stepId>:because". */
export function targetKey(target: GuidanceTarget): string {
	return [target.kind, target.id ?? '', target.stepId ?? '', target.field ?? ''].join(':');
}

/** The flags about one element (any field when field is omitted), for placing them inline. */
export function flagsFor(flags: GuidanceFlag[], target: GuidanceTarget): GuidanceFlag[] {
	return flags.filter(
		(f) =>
			f.target.kind === target.kind &&
			(target.id === undefined || f.target.id === target.id) &&
			(target.stepId === undefined || f.target.stepId === target.stepId) &&
			(target.field === undefined || f.target.field === target.field)
	);
}


export function flag(
	target: GuidanceTarget,
	rule: GuidanceRule,
	severity: GuidanceFlag['severity'],
	message: string,
	suggestion?: string
): GuidanceFlag {
	return { id: `${rule}:${targetKey(target)}`, section: SECTION_OF[target.kind], target, rule, severity, message, suggestion };
}
