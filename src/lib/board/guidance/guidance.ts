/**
 * Facilitation guidance: gentle, inline notes that keep the meeting on the method — blameless
 * wording, why chains that reach the system, and action items that can actually be finished.
 * Pure functions over the board as plain data, recomputed on every change.
 */
import { bySectionOrder } from '../sections.ts';
import type { BoardData } from '../types.ts';
import type { GuidanceFlag, GuidanceTarget } from './flags.ts';
import { checkText } from './text.ts';
import { checkWhyChain } from './why-chains.ts';
import { checkActionItem, checkFactorsHaveActions } from './actions.ts';

/** People who appear on the board itself, so their names are recognised without a list. */
export function boardPeople(board: BoardData, participantNames: string[] = []): string[] {
	const names = new Set(participantNames.filter((n) => n.trim()));
	for (const e of board.timeline) if (e.author.trim()) names.add(e.author.trim());
	for (const a of board.actions) if (a.owner.trim()) names.add(a.owner.trim());
	return [...names];
}

/**
 * Every note for the board, in section order (then board order within a section).
 * participantNames adds to the names already on the board (timeline authors, action owners).
 */
export function collectGuidance(board: BoardData, participantNames?: string[]): GuidanceFlag[] {
	const names = boardPeople(board, participantNames);
	const flags: GuidanceFlag[] = [];
	const text = (value: string, target: GuidanceTarget) => flags.push(...checkText(value, target, names));

	text(board.header.title, { kind: 'header', field: 'title' });
	text(board.summary, { kind: 'summary', field: 'summary' });
	text(board.impact.usersAffected, { kind: 'impact', field: 'usersAffected' });
	text(board.impact.dataLostWhat, { kind: 'impact', field: 'dataLostWhat' });
	text(board.impact.financialImpact, { kind: 'impact', field: 'financialImpact' });
	for (const e of board.timeline) text(e.description, { kind: 'timeline', id: e.id, field: 'description' });
	for (const chain of board.whyChains) {
		text(chain.problem, { kind: 'why', id: chain.id, field: 'problem' });
		for (const step of chain.steps) {
			text(step.why, { kind: 'why', id: chain.id, stepId: step.id, field: 'why' });
			text(step.because, { kind: 'why', id: chain.id, stepId: step.id, field: 'because' });
		}
		flags.push(...checkWhyChain(chain, names));
	}
	for (const f of board.factors) {
		text(f.title, { kind: 'factor', id: f.id, field: 'title' });
		text(f.description, { kind: 'factor', id: f.id, field: 'description' });
	}
	flags.push(...checkFactorsHaveActions(board.factors, board.actions));
	for (const a of board.actions) {
		text(a.title, { kind: 'action', id: a.id, field: 'title' });
		flags.push(...checkActionItem(a, board.factors));
	}
	for (const item of board.wentWell) text(item.text, { kind: 'wentWell', id: item.id, field: 'text' });
	for (const item of board.lucky) text(item.text, { kind: 'lucky', id: item.id, field: 'text' });
	text(board.notes, { kind: 'notes', field: 'notes' });

	// Array.prototype.sort is stable, so board order survives within a section.
	return bySectionOrder(flags, (f) => f.section);
}
