/**
 * Rebuilds a document from a stored log. An entry that cannot be applied (it throws, or
 * overflows the stack on a cold start) is skipped and reported, so one bad entry never makes
 * a whole board unreadable (Q1 in docs/protocol.md); the caller quarantines it.
 */
import * as Y from 'yjs';
import { describeError } from '../log.ts';

export interface SkippedEntry {
	index: number;
	update: Uint8Array;
	reason: string;
}

export interface Replayed {
	doc: Y.Doc;
	skipped: SkippedEntry[];
}

/**
 * Applies `entries` in order to a fresh document (`prepare` sets it up first, e.g. its root
 * types) with `origin`. The common case is one transaction; only when that throws are the
 * entries applied one by one, rebuilding from the good ones after each failure, since a
 * throwing update may leave the document half-changed.
 */
export function replayLog(entries: readonly Uint8Array[], origin: unknown, prepare: (doc: Y.Doc) => void = () => {}): Replayed {
	const all = fresh(prepare);
	if (tryApply(all, entries, origin) === null) return { doc: all, skipped: [] };
	all.destroy();

	const good: Uint8Array[] = [];
	const skipped: SkippedEntry[] = [];
	let doc = fresh(prepare);
	entries.forEach((update, index) => {
		const reason = tryApply(doc, [update], origin);
		if (reason === null) {
			good.push(update);
			return;
		}
		skipped.push({ index, update, reason });
		doc.destroy();
		doc = fresh(prepare);
		tryApply(doc, good, origin);
	});
	return { doc, skipped };
}

function fresh(prepare: (doc: Y.Doc) => void): Y.Doc {
	const doc = new Y.Doc({ gc: true });
	prepare(doc);
	return doc;
}

/** Applies updates in one transaction; the reason it failed, or null. */
function tryApply(doc: Y.Doc, updates: readonly Uint8Array[], origin: unknown): string | null {
	try {
		doc.transact(() => {
			for (const update of updates) Y.applyUpdate(doc, update, origin);
		}, origin);
		return null;
	} catch (error) {
		return describeError(error);
	}
}
