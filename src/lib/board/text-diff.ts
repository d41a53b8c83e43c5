/**
 * Turning whole-value input events into minimal Y.Text edits, and keeping a local caret in
 * place when remote edits land. Pure functions plus the one place a field's edit is applied
 * to a Y.Text, so every text-field binding (the board's fields, a factor card's title on the
 * canvas) stays trivial and edits text the same way.
 */
import type * as Y from 'yjs';
import { Origin } from './schema.ts';

export interface TextChange {
	index: number;
	deleteCount: number;
	insert: string;
}

/** The single splice that turns `before` into `after` (common prefix and suffix kept). */
export function diffText(before: string, after: string): TextChange | null {
	if (before === after) return null;
	let start = 0;
	const maxStart = Math.min(before.length, after.length);
	while (start < maxStart && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	let endBefore = before.length;
	let endAfter = after.length;
	while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
		endBefore--;
		endAfter--;
	}
	return { index: start, deleteCount: endBefore - start, insert: after.slice(start, endAfter) };
}

/**
 * Applies a field's edit from `before` to `after` to `text` as the single minimal splice, in
 * one transaction by the person at this keyboard (Origin.user, so the board's undo tracks it),
 * so two people typing in one field both keep their characters. Does nothing when the value
 * did not change or the text is not in a document.
 */
export function applyTextEdit(text: Y.Text, before: string, after: string): void {
	const change = diffText(before, after);
	if (!change || !text.doc) return;
	text.doc.transact(() => {
		if (change.deleteCount > 0) text.delete(change.index, change.deleteCount);
		if (change.insert) text.insert(change.index, change.insert);
	}, Origin.user);
}

/** A Yjs text delta as delivered by Y.YTextEvent.delta. */
export type TextDelta = Array<{ retain?: number; insert?: unknown; delete?: number }>;

/**
 * Where a caret at `position` ends up after a remote delta. An insertion exactly at the
 * caret stays after the caret, so a remote typist "before" you never pushes your caret.
 */
export function transformPosition(position: number, delta: TextDelta): number {
	// `index` walks the text as it was before the delta; inserts do not consume it.
	let index = 0;
	let result = position;
	for (const op of delta) {
		if (index >= position) break;
		if (op.retain !== undefined) {
			index += op.retain;
		} else if (op.insert !== undefined) {
			result += typeof op.insert === 'string' ? op.insert.length : 1;
		} else if (op.delete !== undefined) {
			result -= Math.min(op.delete, position - index);
			index += op.delete;
		}
	}
	return Math.max(0, result);
}
