/**
 * How far each section of the board is from what the method asks for, with short sentences
 * saying what is still missing. Drives the section badges and the overall progress count.
 */
import { findBlame, leadingPerson } from './blame/blame.ts';
import { computeDurations } from '../time/durations.ts';
import { parseIsoInstant } from '../time/zones.ts';
import { boardPeople } from './guidance.ts';
import { ESSENTIAL_SECTIONS, SECTION_IDS, type SectionId } from '../sections.ts';
import type { ActionItem, BoardData, WhyChain } from '../types.ts';

export type CompletenessState = 'empty' | 'partial' | 'complete';

export interface SectionCompleteness {
	state: CompletenessState;
	/** Short sentences for what is still missing; for optional sections, a line starting "Optional". */
	missing: string[];
	/** Optional sections (lucky, notes) never count towards the overall total. */
	optional: boolean;
}

const filled = (text: string | null | undefined) => typeof text === 'string' && text.trim().length > 0;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** State from how many of the expected things are there. */
function grade(done: number, total: number, missing: string[], optional = false): SectionCompleteness {
	const state: CompletenessState = done >= total && missing.length === 0 ? 'complete' : done === 0 ? 'empty' : 'partial';
	return { state, missing, optional };
}

function header(board: BoardData): SectionCompleteness {
	const missing: string[] = [];
	if (!filled(board.header.title)) missing.push('No title');
	if (!board.header.severity) missing.push('No severity');
	if (!filled(board.header.incidentDate)) missing.push('No incident date');
	return grade(3 - missing.length, 3, missing);
}

function summary(board: BoardData): SectionCompleteness {
	return filled(board.summary) ? grade(1, 1, []) : grade(0, 1, ['No summary yet']);
}

/** Whether the timeline has a readable start marker (trigger or detection) and a resolution. */
function markers(board: BoardData): { start: boolean; end: boolean } {
	const readable = (kinds: string[]) =>
		board.timeline.some((e) => kinds.includes(e.kind) && parseIsoInstant(e.at) !== null);
	return { start: readable(['trigger', 'detection']), end: readable(['resolution']) };
}

function timeline(board: BoardData): SectionCompleteness {
	if (board.timeline.length === 0) return grade(0, 2, ['No timeline entries yet']);
	const { start, end } = markers(board);
	const missing: string[] = [];
	if (!start) missing.push('No trigger or detection marker in the timeline');
	if (!end) missing.push('No resolution marker in the timeline');
	if (start && end) {
		// Both markers exist but in an order that cannot be right: durations.ts says which.
		const { impactDuration } = computeDurations(board.timeline);
		if (impactDuration.ms === null && impactDuration.problem) missing.push(impactDuration.problem);
	}
	// Entries exist, so the section has started even when neither marker is there yet.
	return grade(Math.max(1, Number(start) + Number(end)), 2, missing);
}

function impact(board: BoardData): SectionCompleteness {
	const { impact: i } = board;
	const duration = computeDurations(board.timeline).impactDuration;
	const hasDuration = duration.ms !== null;
	const missing: string[] = [];
	let answered = 0;
	const check = (ok: boolean, sentence: string) => (ok ? answered++ : missing.push(sentence));
	check(filled(i.usersAffected), 'How many users were affected?');
	check(hasDuration, `Duration unknown: ${lowerFirst(duration.problem ?? 'the timeline needs a start and a resolution')}`);
	check(i.dataLost !== null, 'Was data lost? Not answered yet');
	check(filled(i.financialImpact), 'No financial impact noted');
	check(i.customerFacing !== null, 'Was it customer-facing? Not answered yet');
	if (i.dataLost === true && !filled(i.dataLostWhat)) missing.push('Say what data was lost');
	// The duration comes from the timeline; it alone does not make the impact section started.
	const own = answered - (hasDuration ? 1 : 0);
	return grade(own === 0 ? 0 : answered, 5, missing);
}

/** Answered steps, and whether the last answer stops at a person or at "human error". */
function chainDepth(chain: WhyChain, names: string[]): { answered: number; stopsAtPerson: boolean } {
	const steps = chain.steps.filter((s) => filled(s.because));
	const last = steps[steps.length - 1];
	const stopsAtPerson =
		last !== undefined &&
		(findBlame(last.because, { participantNames: names }).length > 0 ||
			leadingPerson(last.because, { participantNames: names }) !== null);
	return { answered: steps.length, stopsAtPerson };
}

function why(board: BoardData, names: string[]): SectionCompleteness {
	const chains = board.whyChains.map((c) => chainDepth(c, names));
	const started = chains.filter((c) => c.answered > 0);
	if (started.length === 0) return grade(0, 1, ['No why chain answered yet']);
	if (chains.some((c) => c.answered >= 2 && !c.stopsAtPerson)) return grade(1, 1, []);
	const missing: string[] = [];
	if (!chains.some((c) => c.answered >= 2)) missing.push('No why chain with at least two answered whys');
	if (started.every((c) => c.stopsAtPerson)) missing.push('Every chain stops at a person or at “human error”: ask one more why');
	else if (chains.some((c) => c.answered >= 2)) missing.push('The deeper chains stop at a person: ask one more why');
	return { state: 'partial', missing, optional: false };
}

function factors(board: BoardData): SectionCompleteness {
	return board.factors.length > 0 ? grade(1, 1, []) : grade(0, 1, ['No contributing factors yet']);
}

/** The canvas is optional: the factors list is the record; arrows add how factors connect. */
function canvas(board: BoardData): SectionCompleteness {
	if (board.causalLinks.length > 0) return grade(1, 1, [], true);
	return { state: 'partial', missing: ['Optional: draw arrows between factor cards to show what contributed to what'], optional: true };
}

/**
 * Each action needs an owner, a due date and a live factor link, and every factor needs an
 * action. "Won't do" items are decisions: they need no owner or date, and they cover their
 * factor (guidance still notes a factor covered only by such decisions).
 */
function actions(board: BoardData): SectionCompleteness {
	const items = board.actions;
	if (items.length === 0) {
		return grade(0, 1, board.factors.length > 0 ? ['No action items yet'] : ['No action items yet (add factors first)']);
	}
	const factorIds = new Set(board.factors.map((f) => f.id));
	const open = items.filter((a) => a.status !== "won't do");
	const count = (pred: (a: ActionItem) => boolean) => open.filter(pred).length;
	const missing: string[] = [];
	const noOwner = count((a) => !filled(a.owner));
	const noDue = count((a) => !a.due && a.status !== 'done');
	const noFactor = items.filter((a) => a.factorId === null || !factorIds.has(a.factorId)).length;
	if (noOwner) missing.push(`${plural(noOwner, 'action', 'actions')} without an owner`);
	if (noDue) missing.push(`${plural(noDue, 'action', 'actions')} without a due date`);
	if (noFactor) missing.push(`${plural(noFactor, 'action', 'actions')} not linked to a contributing factor`);
	const covered = new Set(items.map((a) => a.factorId));
	for (const f of board.factors) {
		if (!covered.has(f.id)) missing.push(`No action for the factor “${f.title.trim() || 'untitled'}”`);
	}
	return { state: missing.length === 0 ? 'complete' : 'partial', missing, optional: false };
}

function list(items: { text: string }[], emptySentence: string, optional = false): SectionCompleteness {
	if (items.some((i) => filled(i.text))) return grade(1, 1, [], optional);
	// Optional sections are never worse than partial: they are done when the room says so.
	return optional ? { state: 'partial', missing: [emptySentence], optional } : grade(0, 1, [emptySentence]);
}

function followUp(board: BoardData): SectionCompleteness {
	if (!filled(board.followUpDate)) return grade(0, 1, ['No follow-up date set']);
	const date = board.followUpDate as string;
	if (filled(board.header.incidentDate) && date < (board.header.incidentDate as string)) {
		return { state: 'partial', missing: ['The follow-up date is before the incident date'], optional: false };
	}
	return grade(1, 1, []);
}

/** Every section's state and what is missing, by the method's essential sections. */
export function sectionCompleteness(
	board: BoardData,
	participantNames?: string[]
): Record<SectionId, SectionCompleteness> {
	const names = boardPeople(board, participantNames);
	return {
		header: header(board),
		summary: summary(board),
		impact: impact(board),
		timeline: timeline(board),
		why: why(board, names),
		factors: factors(board),
		canvas: canvas(board),
		actions: actions(board),
		wentWell: list(board.wentWell, 'Nothing recorded under what went well yet'),
		lucky: list(board.lucky, 'Optional: where were we lucky?', true),
		notes: filled(board.notes)
			? grade(1, 1, [], true)
			: { state: 'partial', missing: ['Optional: anything else worth keeping'], optional: true },
		followUp: followUp(board)
	};
}

/** How many essential sections are complete, for a progress count like "6 of 9". */
export function overallCompleteness(board: BoardData, participantNames?: string[]): { complete: number; total: number } {
	const sections = sectionCompleteness(board, participantNames);
	return {
		complete: ESSENTIAL_SECTIONS.filter((s) => sections[s].state === 'complete').length,
		total: ESSENTIAL_SECTIONS.length
	};
}
