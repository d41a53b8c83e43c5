/**
 * Concurrent edits to the same records of every section, through the real server: one client
 * edits while the other is offline (its provider disconnected), then it reconnects and both
 * documents must merge as the schema intends and converge to the same board.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readBoard } from '../../src/lib/board/board.ts';
import { textField } from '../../src/lib/board/schema.ts';
import { setSeverity, setStatus } from '../../src/lib/board/header.ts';
import { actionText, addAction, linkActionToFactor, setActionDue, setActionPriority, setActionStatus } from '../../src/lib/board/actions.ts';
import { addFactor, deleteFactor } from '../../src/lib/board/factors.ts';
import { addWhyChain, addWhyStep, moveWhyStep, whyText } from '../../src/lib/board/why.ts';
import { addTimelineEntry, timelineDescription } from '../../src/lib/board/timeline.ts';
import { collectGuidance } from '../../src/lib/board/guidance/guidance.ts';
import type { BoardData } from '../../src/lib/board/types.ts';
import { connectClient, type TestClient } from './harness/clients.ts';
import { createBoard, startTestServer, type TestServer, type TestBoard } from './harness/server.ts';
import { fileStores, memoryStores, storedDoc } from './harness/stores.ts';
import { runCleanups, waitFor } from './harness/wait.ts';

afterEach(runCleanups);

interface Room {
	server: TestServer;
	board: TestBoard;
	a: TestClient;
	b: TestClient;
}

async function room(kind: 'memory' | 'file' = 'memory'): Promise<Room> {
	const stores = kind === 'memory' ? await memoryStores() : await fileStores();
	const server = await startTestServer({ store: await stores.open() });
	const board = await createBoard(server.url, 'Concurrent sections');
	const a = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
	const b = await connectClient(server.wsUrl, board.id, board.keys.participant);
	return { server, board, a, b };
}

const json = (doc: Y.Doc) => JSON.stringify(readBoard(doc));

/** Waits until both documents read as the same board, and returns it. */
async function converged(...clients: TestClient[]): Promise<BoardData> {
	await waitFor(() => clients.every((c) => json(c.doc) === json(clients[0].doc)), 'the documents to converge');
	const board = readBoard(clients[0].doc);
	for (const client of clients) expect(readBoard(client.doc)).toEqual(board);
	return board;
}

async function goOffline(client: TestClient): Promise<void> {
	client.provider.disconnect();
	await waitFor(() => client.provider.ws === null, 'the client to be disconnected');
}

async function goOnline(client: TestClient): Promise<void> {
	client.provider.connect();
	await client.synced();
}

/** Sets up shared state on A, waits until B has it, then lets both edit concurrently (B offline). */
async function concurrently(r: Room, onA: () => void, onB: () => void): Promise<BoardData> {
	await converged(r.a, r.b);
	await goOffline(r.b);
	onA();
	onB();
	// A's edit has reached the room before B comes back with its own.
	await r.a.roundTrip();
	await goOnline(r.b);
	return converged(r.a, r.b);
}

/** What a new client loading the board from the server sees: the merge was stored, not only relayed. */
async function freshView(r: Room): Promise<BoardData> {
	const fresh = await connectClient(r.server.wsUrl, r.board.id, r.board.keys.observer);
	return readBoard(fresh.doc);
}

describe('concurrent edits of the same records merge', () => {
	it('keeps every character when both type in the same text field, at the same place', async () => {
		const r = await room('file');
		textField(r.a.doc, 'summary').insert(0, 'The checkout failed.');
		const entry = addTimelineEntry(r.a.doc, { at: '2026-01-05T13:02:00Z', kind: 'trigger', description: 'Deploy started' });
		await converged(r.a, r.b);

		const merged = await concurrently(
			r,
			() => {
				textField(r.a.doc, 'summary').insert(4, 'EU ');
				textField(r.a.doc, 'summary').insert(textField(r.a.doc, 'summary').length, ' Ana was paged.');
				timelineDescription(r.a.doc, entry)!.insert('Deploy'.length, ' 4512');
			},
			() => {
				textField(r.b.doc, 'summary').insert(4, 'whole ');
				textField(r.b.doc, 'summary').insert(textField(r.b.doc, 'summary').length, ' Ben rolled back.');
				timelineDescription(r.b.doc, entry)!.insert('Deploy started'.length, ' at 14:02');
			}
		);

		// Concurrent inserts at one place are kept whole, one after the other, in the same order everywhere.
		expect(['The EU whole checkout failed.', 'The whole EU checkout failed.'].map((s) => merged.summary.startsWith(s))).toContain(true);
		expect(merged.summary).toMatch(/ (Ana was paged\. Ben rolled back\.|Ben rolled back\. Ana was paged\.)$/);
		expect(merged.summary.length).toBe('The checkout failed.'.length + 'EU '.length + 'whole '.length + ' Ana was paged.'.length + ' Ben rolled back.'.length);
		expect(merged.timeline.map((e) => e.description)).toEqual(['Deploy 4512 started at 14:02']);

		expect(await freshView(r)).toEqual(merged);
		expect(readBoard(await storedDoc(r.server.store, r.board.id))).toEqual(merged);
	});

	it('keeps both edits when the same action item is changed on different fields', async () => {
		const r = await room();
		const factor = addFactor(r.a.doc, { title: 'No migration gate', category: 'process' });
		const action = addAction(r.a.doc, { title: 'Add a migration gate' });

		const merged = await concurrently(
			r,
			() => {
				actionText(r.a.doc, action, 'owner')!.insert(0, 'Ana');
				setActionDue(r.a.doc, action, '2026-01-19');
			},
			() => {
				setActionStatus(r.b.doc, action, 'in progress');
				setActionPriority(r.b.doc, action, 'high');
				linkActionToFactor(r.b.doc, action, factor);
				actionText(r.b.doc, action, 'title')!.insert('Add a migration gate'.length, ' to the deploy pipeline');
			}
		);

		expect(merged.actions).toHaveLength(1);
		expect(merged.actions[0]).toMatchObject({
			id: action,
			title: 'Add a migration gate to the deploy pipeline',
			owner: 'Ana',
			due: '2026-01-19',
			priority: 'high',
			status: 'in progress',
			factorId: factor
		});
		expect(await freshView(r)).toEqual(merged);
	});

	it('keeps both steps when both add a step to the same why chain', async () => {
		const r = await room();
		const chain = addWhyChain(r.a.doc, 'Checkout returned 500s');
		const first = readBoard(r.a.doc).whyChains[0].steps[0].id;
		whyText(r.a.doc, chain, first, 'why')!.insert(0, 'Why did checkout fail?');
		whyText(r.a.doc, chain, first, 'because')!.insert(0, 'A column was missing');

		const merged = await concurrently(
			r,
			() => {
				const step = addWhyStep(r.a.doc, chain)!;
				whyText(r.a.doc, chain, step, 'why')!.insert(0, 'Why was the column missing?');
			},
			() => {
				const step = addWhyStep(r.b.doc, chain)!;
				whyText(r.b.doc, chain, step, 'because')!.insert(0, 'The pipeline has no migration gate');
			}
		);

		expect(merged.whyChains).toHaveLength(1);
		const steps = merged.whyChains[0].steps;
		expect(steps).toHaveLength(3);
		expect(steps[0]).toMatchObject({ id: first, why: 'Why did checkout fail?', because: 'A column was missing' });
		expect(steps.slice(1).map((s) => [s.why, s.because])).toEqual(
			expect.arrayContaining([
				['Why was the column missing?', ''],
				['', 'The pipeline has no migration gate']
			])
		);
		expect(new Set(steps.map((s) => s.id)).size).toBe(3);
		expect(await freshView(r)).toEqual(merged);
	});

	it('ends consistently when a factor is deleted while an action is linked to it', async () => {
		const r = await room();
		const factor = addFactor(r.a.doc, { title: 'No latency alert', category: 'detection/monitoring' });
		const other = addFactor(r.a.doc, { title: 'Rebuilds at peak time', category: 'process' });
		const linkedBefore = addAction(r.a.doc, { title: 'Alert on p99 > 2 s', factorId: factor });
		const linkedDuring = addAction(r.a.doc, { title: 'Page on search latency > 1 s for 5 min' });

		const merged = await concurrently(
			r,
			() => deleteFactor(r.a.doc, factor),
			() => linkActionToFactor(r.b.doc, linkedDuring, factor)
		);

		expect(merged.factors.map((f) => f.id)).toEqual([other]);
		const byId = Object.fromEntries(merged.actions.map((a) => [a.id, a]));
		// The action A's delete saw is unlinked; the one B linked meanwhile points at the deleted
		// factor on both sides alike, and guidance asks to relink it.
		expect(byId[linkedBefore].factorId).toBeNull();
		expect([null, factor]).toContain(byId[linkedDuring].factorId);
		if (byId[linkedDuring].factorId !== null) {
			const flags = collectGuidance(merged).filter((f) => f.target.id === linkedDuring).map((f) => f.rule);
			expect(flags).toContain('action-dangling-factor');
		}
		expect(await freshView(r)).toEqual(merged);
	});

	it('converges on one value when both set the same scalar', async () => {
		const r = await room();
		const merged = await concurrently(
			r,
			() => {
				setSeverity(r.a.doc, 'SEV1');
				setStatus(r.a.doc, 'in meeting');
			},
			() => {
				setSeverity(r.b.doc, 'SEV3');
				setStatus(r.b.doc, 'in review');
			}
		);
		expect(['SEV1', 'SEV3']).toContain(merged.header.severity);
		expect(['in meeting', 'in review']).toContain(merged.header.status);
		expect(await freshView(r)).toEqual(merged);
	});
});

describe('moving a why step while someone else works on the chain', () => {
	/** A chain with two answered steps, the second of which is then moved up. */
	function twoSteps(r: Room): { chain: string; first: string; second: string } {
		const chain = addWhyChain(r.a.doc, 'Checkout returned 500s');
		const first = readBoard(r.a.doc).whyChains[0].steps[0].id;
		const second = addWhyStep(r.a.doc, chain)!;
		whyText(r.a.doc, chain, first, 'why')!.insert(0, 'Why was the column missing?');
		whyText(r.a.doc, chain, second, 'why')!.insert(0, 'Why did checkout fail?');
		return { chain, first, second };
	}

	it('keeps one copy of a step both move at the same time', async () => {
		const r = await room();
		const { chain, first, second } = twoSteps(r);
		const merged = await concurrently(
			r,
			() => moveWhyStep(r.a.doc, chain, second, -1),
			() => moveWhyStep(r.b.doc, chain, second, -1)
		);
		// Regression: moves used to delete the step and insert a copy, so two concurrent moves
		// left two copies with one id (the UI keys steps by id and stopped rendering).
		expect(merged.whyChains[0].steps.map((s) => s.id)).toEqual([second, first]);
	});

	it('keeps what someone typed into a step another person moved meanwhile', async () => {
		const r = await room();
		const { chain, first, second } = twoSteps(r);
		const merged = await concurrently(
			r,
			() => moveWhyStep(r.a.doc, chain, second, -1),
			() => whyText(r.b.doc, chain, second, 'because')!.insert(0, 'The orders service read a column that did not exist yet')
		);
		// Regression: a move used to re-create the step from A's copy of its text, so B's typing
		// into the old step was lost without a trace.
		expect(merged.whyChains[0].steps.map((s) => [s.id, s.because])).toEqual([
			[second, 'The orders service read a column that did not exist yet'],
			[first, '']
		]);
	});
});
