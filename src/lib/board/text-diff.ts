/**
 * Turning whole-value input events into minimal Y.Text edits, and keeping a local caret in
 * place when remote edits land. Pure functions so the browser binding stays trivial.
 */

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
