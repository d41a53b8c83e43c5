/**
 * Fuzzing the update path (U1–U4, S1–S6): thousands of mutated real updates from a seeded
 * generator go through a room as a hostile client would send them. Whatever the room accepted
 * must load again from storage exactly as it is in memory, and no entry may need quarantine.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/board.ts';
import { addAction, linkActionToFactor } from '../../src/lib/board/actions.ts';
import { addFactor } from '../../src/lib/board/factors.ts';
import { setSeverity } from '../../src/lib/board/header.ts';
import { addListItem } from '../../src/lib/board/lists.ts';
import { canvasRecords, initBoard, textField } from '../../src/lib/board/schema.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { addWhyChain, addWhyStep } from '../../src/lib/board/why.ts';
import { createLogger } from '../log.ts';
import { MemoryStore } from '../persistence/memory.ts';
import { replayLog } from '../persistence/replay.ts';
import { Room, type Peer } from './room.ts';
import { decodeClientMessage, encodeUpdate, MalformedMessageError } from '../../src/lib/sync/protocol/codec.ts';
import { UpdateRefusedError } from './update-check.ts';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A new board as the server creates it, then real updates, one per edit, as a browser sends them. */
function realUpdates(): { created: Uint8Array; edits: Uint8Array[] } {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Fuzzed review' });
	const created = Y.encodeStateAsUpdate(doc);
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	textField(doc, 'summary').insert(0, 'Checkout failed for 40 minutes after a deploy.');
	textField(doc, 'summary').delete(9, 6);
	addTimelineEntry(doc, { at: '2026-01-05T14:02:00Z', kind: 'detection', description: 'alert fired' });
	setSeverity(doc, 'SEV2');
	const chain = addWhyChain(doc, 'Why did checkout fail?');
	addWhyStep(doc, chain);
	const factor = addFactor(doc, { title: 'Retries without backoff', category: 'technical' });
	const action = addAction(doc, { title: 'Add backoff', owner: 'payments team' });
	linkActionToFactor(doc, action, factor);
	addListItem(doc, 'wentWell', 'The alert fired quickly');
	canvasRecords(doc).set('shape:a', { id: 'shape:a', typeName: 'shape', type: 'geo', x: 10, y: 20, props: { w: 100, h: 50 } });
	return { created, edits: updates };
}

function mutate(update: Uint8Array, next: () => number): Uint8Array {
	const bytes = Array.from(update);
	const edits = 1 + Math.floor(next() * 3);
	for (let i = 0; i < edits && bytes.length > 0; i++) {
		const at = Math.floor(next() * bytes.length);
		const kind = next();
		if (kind < 0.5) bytes[at] = Math.floor(next() * 256);
		else if (kind < 0.7) bytes.splice(at, 1);
		else if (kind < 0.9) bytes.splice(at, 0, Math.floor(next() * 256));
		else bytes.length = at;
	}
	return Uint8Array.from(bytes);
}

const peer: Peer = { canWrite: true, send() {}, close() {} };

describe('fuzz: mutated real updates against a room', () => {
	it('U1–U4: 3,000 mutated updates leave a stored log that loads exactly as the room holds it', { timeout: 60_000 }, async () => {
		const store = new MemoryStore();
		const { created, edits: corpus } = realUpdates();
		await store.appendUpdate('fuzzboard', 'board', created);
		const options = { compactEvery: 50, retryDelayMs: 10, storageTimeoutMs: 1000 };
		const room = await Room.load('fuzzboard', 'board', store, createLogger('silent'), options);
		for (const update of corpus) await room.enqueue(() => room.receiveUpdate(update, peer));
		const next = random(20261201);
		const outcomes = { accepted: 0, malformed: 0, refused: 0 };
		for (let i = 0; i < 3_000; i++) {
			const frame = encodeUpdate(mutate(corpus[Math.floor(next() * corpus.length)], next));
			let message;
			try {
				message = decodeClientMessage(frame);
			} catch (error) {
				expect(error).toBeInstanceOf(MalformedMessageError);
				outcomes.malformed++;
				continue;
			}
			if (message.type !== 'update') continue;
			try {
				await room.enqueue(() => room.receiveUpdate(message.update, peer, message.decoded));
				outcomes.accepted++;
			} catch (error) {
				expect(error).toBeInstanceOf(UpdateRefusedError);
				outcomes.refused++;
			}
		}
		// The fuzz reached every stage.
		expect(outcomes.malformed).toBeGreaterThan(100);
		expect(outcomes.refused).toBeGreaterThan(10);
		expect(outcomes.accepted).toBeGreaterThan(100);

		const stored = await store.loadUpdates('fuzzboard', 'board');
		const { doc, skipped } = replayLog(stored, 'test');
		expect(skipped).toEqual([]);
		expect(doc.store.pendingStructs).toBeNull();
		expect(readBoard(doc)).toEqual(readBoard(room.doc));
		expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(room.doc));
	});
});
