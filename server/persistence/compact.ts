import * as Y from 'yjs';
import type { BoardStore } from './store.ts';
import { replayLog, type SkippedEntry } from './replay.ts';
import { Origin } from '../../src/lib/board/schema.ts';

export interface CompactionResult {
	entriesBefore: number;
	snapshotBytes: number;
	/** Entries that could not be applied: quarantined, and not in the snapshot (Q1). */
	quarantined: SkippedEntry[];
}

/**
 * Folds a document's whole log into one snapshot update. Entries appended while this
 * runs survive, because only the prefix that was read gets replaced. Entries that cannot be
 * applied are quarantined first, so the snapshot never carries them. Resolves null when
 * there is nothing worth doing or the store refused (the log changed underneath):
 * calling it again later is always safe.
 */
export async function compactDocument(store: BoardStore, boardId: string, docName: string): Promise<CompactionResult | null> {
	const entries = await store.loadUpdates(boardId, docName);
	const { doc, skipped } = replayLog(entries, Origin.load);
	if (entries.length < 2 && skipped.length === 0) {
		doc.destroy();
		return null;
	}
	let snapshot: Uint8Array;
	try {
		snapshot = Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
	await quarantineAll(store, boardId, docName, skipped);
	const replaced = await store.replacePrefix(boardId, docName, entries.length, snapshot);
	return replaced ? { entriesBefore: entries.length, snapshotBytes: snapshot.byteLength, quarantined: skipped } : null;
}

/** Keeps entries that cannot be applied where an operator can find them (Q1). */
export async function quarantineAll(store: BoardStore, boardId: string, docName: string, skipped: readonly SkippedEntry[]): Promise<void> {
	const at = new Date().toISOString();
	for (const entry of skipped) await store.quarantine({ boardId, docName, at, reason: entry.reason, update: entry.update });
}
