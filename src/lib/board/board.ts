/** The whole board read out of its document as plain data (see types.ts). */
import type * as Y from 'yjs';
import { actionRecords, factorRecords, headerValues, impactValues, listItems, revealedNotes, TEXT_FIELDS, textField, type TextFieldName, timelineRecords, whyChainRecords } from './schema.ts';
import { readFollowUpDate, readHeader, readImpact } from './header.ts';
import { readTimeline } from './timeline.ts';
import { readWhyChains } from './why.ts';
import { readFactors } from './factors.ts';
import { readActions } from './actions.ts';
import { readList } from './lists.ts';
import { readRevealedNotes } from './notes.ts';
import { readCausalLinks } from './causal-links.ts';
import type { BoardData } from './types.ts';

export function readBoard(doc: Y.Doc): BoardData {
	return {
		header: readHeader(doc),
		summary: textField(doc, 'summary').toString(),
		notes: textField(doc, 'notes').toString(),
		impact: readImpact(doc),
		timeline: readTimeline(doc),
		whyChains: readWhyChains(doc),
		factors: readFactors(doc),
		actions: readActions(doc),
		wentWell: readList(doc, 'wentWell'),
		lucky: readList(doc, 'lucky'),
		followUpDate: readFollowUpDate(doc),
		revealedNotes: readRevealedNotes(doc),
		causalLinks: readCausalLinks(doc)
	};
}

/** Every shared type of the board: what a person's undo history and change observers cover. */
export function boardRootTypes(doc: Y.Doc): Y.AbstractType<unknown>[] {
	return [
		...(Object.keys(TEXT_FIELDS) as TextFieldName[]).map((name) => textField(doc, name)),
		headerValues(doc),
		impactValues(doc),
		timelineRecords(doc),
		whyChainRecords(doc),
		factorRecords(doc),
		actionRecords(doc),
		listItems(doc, 'wentWell'),
		listItems(doc, 'lucky'),
		revealedNotes(doc)
	] as Y.AbstractType<unknown>[];
}
