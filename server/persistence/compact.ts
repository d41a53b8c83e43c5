import * as Y from 'yjs';
import type { BoardStore } from './store.ts';

export interface CompactionResult {
	entriesBefore: number;
	snapshotBytes: number;
}

/**
 * Folds a document's whole log into one snapshot update. Entries appended while this
 * runs survive, because only the prefix that was read gets replaced. Resolves null when
 * there is nothing worth doing or the store refused (the log changed underneath):
 * calling it again later is always safe.
 */
export async function compactDocument(store: BoardStore, boardId: string, docName: string): Promise<CompactionResult | null> {
	const entries = await store.loadUpdates(boardId, docName);
	if (entries.length < 2) return null;
	const doc = new Y.Doc();
	let snapshot: Uint8Array;
	try {
		Y.transact(
			doc,
			() => {
				for (const entry of entries) Y.applyUpdate(doc, entry);
			},
			'load'
		);
		snapshot = Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
	const replaced = await store.replacePrefix(boardId, docName, entries.length, snapshot);
	return replaced ? { entriesBefore: entries.length, snapshotBytes: snapshot.byteLength } : null;
}
