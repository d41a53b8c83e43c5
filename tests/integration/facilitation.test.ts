/**
 * Facilitation through the real server (F1, F4–F7 in docs/protocol.md): only the facilitator
 * changes the control document; rotated links are cut off; anonymous notes and ballots never
 * reach anyone before the facilitator reveals or closes them, and then carry no author.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { lockMap, revealedNotes, votingMap } from '../../src/lib/board/schema.ts';
import { openVoting, rankByVotes, readControl, setLocked, setPhase, spotlightSection } from '../../src/lib/board/control.ts';
import { addFactor, readFactors } from '../../src/lib/board/factors.ts';
import { MAX_NOTE_LENGTH, readRevealedNotes } from '../../src/lib/board/notes.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { CloseCode, roomName } from '../../src/lib/sync/protocol/constants.ts';
import { encodeUpdate } from '../../src/lib/sync/protocol/codec.ts';
import { ControlledStore, fileStores, memoryStores, storedDocOf } from './harness/stores.ts';
import { connectClient, connectControl, descriptions, keyOfLink, postApi, waitForCloseCode, type TestClient } from './harness/clients.ts';
import { createBoard, startTestServer, type TestBoard, type TestServer } from './harness/server.ts';
import { framesContain, listenRaw, openRaw, openStubborn, syncUrl, updatesInFrames } from './harness/raw.ts';
import { runCleanups, waitFor, withTimeout } from './harness/wait.ts';

afterEach(runCleanups);

async function setup(kind: 'memory' | 'file' = 'memory'): Promise<{ server: TestServer; board: TestBoard }> {
	const stores = kind === 'memory' ? await memoryStores() : await fileStores();
	const server = await startTestServer({ store: await stores.open() });
	const board = await createBoard(server.url, 'Facilitation');
	return { server, board };
}

/** The client ids of every struct in some updates. */
function clientsIn(updates: readonly Uint8Array[]): Set<number> {
	const clients = new Set<number>();
	for (const update of updates) for (const struct of Y.decodeUpdate(update).structs) clients.add(struct.id.client);
	return clients;
}

/** The map keys (parentSub) written by some updates, e.g. 'createdAt'. */
function keysWrittenIn(updates: readonly Uint8Array[]): Set<string> {
	const keys = new Set<string>();
	for (const update of updates) {
		for (const struct of Y.decodeUpdate(update).structs) {
			if (struct instanceof Y.Item && struct.parentSub) keys.add(struct.parentSub);
		}
	}
	return keys;
}

/** Waits until everything each client sent was handled and everything queued for it arrived. */
async function settle(...clients: Array<{ roundTrip: () => Promise<void> }>): Promise<void> {
	for (const client of clients) await client.roundTrip();
}

describe('the control document: only the facilitator writes (F1)', () => {
	it("drops a participant's and an observer's edits (not applied, relayed or stored) and keeps the facilitator's", async () => {
		const { server, board } = await setup('file');
		const facilitator = await connectControl(server.wsUrl, board.id, board.keys.facilitator);
		const participant = await connectControl(server.wsUrl, board.id, board.keys.participant);
		const observer = await connectControl(server.wsUrl, board.id, board.keys.observer);
		// A participant who only watches: its document is only ever what the server relays.
		const watcher = await connectControl(server.wsUrl, board.id, board.keys.participant);
		const intruders = new Set([participant.doc.clientID, observer.doc.clientID]);

		for (const client of [participant, observer]) {
			spotlightSection(client.doc, 'actions');
			setPhase(client.doc, 'ended');
			setLocked(client.doc, 'timeline', true);
			// Forged vote results would be the worst of it.
			client.doc.transact(() => {
				votingMap(client.doc).set('open', false);
				votingMap(client.doc).set('results', { forged: 99 });
			});
		}
		// Their edits were handled by the room once their round trips come back; then the
		// facilitator's and watcher's round trips flush anything relayed to them before that.
		await settle(participant, observer, facilitator, watcher);

		for (const client of [facilitator, watcher]) {
			const state = readControl(client.doc);
			expect(state.spotlight).toBeNull();
			expect(state.phase).toBe('setup');
			expect(state.locks).toEqual([]);
			expect(state.voting.results).toBeNull();
			// Not a single struct of theirs crossed the wire.
			for (const id of clientsIn(updatesInFrames(client.frames))) expect(intruders.has(id)).toBe(false);
			expect(client.closeCodes).toEqual([]);
		}
		// The refused clients are not thrown out: edits are simply dropped (and they still read).
		expect(participant.closeCodes).toEqual([]);
		expect(observer.closeCodes).toEqual([]);

		let stored = await storedDocOf(server.store, board.id, 'control');
		expect(readControl(stored).spotlight).toBeNull();
		expect(readControl(stored).phase).toBe('setup');
		expect(readControl(stored).locks).toEqual([]);
		expect(readControl(stored).voting.results).toBeNull();
		for (const id of clientsIn(await server.store.loadUpdates(board.id, 'control'))) expect(intruders.has(id)).toBe(false);

		// The facilitator's own edits are applied, relayed and stored.
		spotlightSection(facilitator.doc, 'timeline');
		setLocked(facilitator.doc, 'why', true);
		setPhase(facilitator.doc, 'writing');
		await waitFor(() => readControl(watcher.doc).spotlight?.section === 'timeline' && readControl(watcher.doc).phase === 'writing', "the facilitator's edit on the watcher");
		expect(readControl(watcher.doc).locks).toEqual(['why']);
		await settle(facilitator);
		stored = await storedDocOf(server.store, board.id, 'control');
		expect(readControl(stored).spotlight).toEqual({ section: 'timeline', seq: 1 });
		expect(readControl(stored).locks).toEqual(['why']);
		expect(readControl(stored).phase).toBe('writing');
		expect(readControl(stored).voting.results).toBeNull();
		expect(clientsIn(await server.store.loadUpdates(board.id, 'control')).has(facilitator.doc.clientID)).toBe(true);
		for (const id of clientsIn(await server.store.loadUpdates(board.id, 'control'))) expect(intruders.has(id)).toBe(false);

		// The observer and participant still receive the facilitator's changes (read access).
		await waitFor(() => lockMap(observer.doc).get('why') === true, 'the lock on the observer');
		await waitFor(() => lockMap(participant.doc).get('why') === true, 'the lock on the participant');

		// After a restart, what was stored is all there is.
		facilitator.destroy();
		participant.destroy();
		observer.destroy();
		watcher.destroy();
		await server.close();
		const restarted = await startTestServer({ store: server.store });
		const fresh = await connectControl(restarted.wsUrl, board.id, board.keys.observer);
		expect(readControl(fresh.doc).spotlight).toEqual({ section: 'timeline', seq: 1 });
		expect(readControl(fresh.doc).locks).toEqual(['why']);
		expect(readControl(fresh.doc).voting.results).toBeNull();
	});

	it("a participant's edits on the board document still go through (the control rule is per document)", async () => {
		const { server, board } = await setup();
		const facilitator = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const participant = await connectClient(server.wsUrl, board.id, board.keys.participant);
		addTimelineEntry(participant.doc, { at: '2026-01-05T10:00:00Z', kind: 'trigger', description: 'participant entry' });
		await waitFor(() => descriptions(facilitator.doc).includes('participant entry'), "the participant's board edit");
	});
});

describe('link rotation (F7)', () => {
	it("closes the rotated role's board and control sockets with 4403 within 5 s, refuses the old secret and accepts the new one", async () => {
		const { server, board } = await setup('file');
		const fBoard = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const fControl = await connectControl(server.wsUrl, board.id, board.keys.facilitator);
		const pBoard = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const pControl = await connectControl(server.wsUrl, board.id, board.keys.participant);
		const oBoard = await connectClient(server.wsUrl, board.id, board.keys.observer);
		const oControl = await connectControl(server.wsUrl, board.id, board.keys.observer);
		const rawParticipant = await listenRaw(server.wsUrl, board.id, 'control', board.keys.participant);

		const started = Date.now();
		const rotated = await postApi(server.url, board.id, 'links/participant/rotate', board.keys.facilitator);
		expect(rotated.status).toBe(200);
		expect(rotated.body.role).toBe('participant');
		const link = String(rotated.body.link);
		expect(link).toMatch(new RegExp(`^${server.url}/b/${board.id}#k=[A-Za-z0-9_-]{22,}$`));
		const newKey = keyOfLink(link);
		expect(newKey).not.toBe(board.keys.participant);

		await waitForCloseCode(pBoard, CloseCode.accessRevoked, 5000);
		await waitForCloseCode(pControl, CloseCode.accessRevoked, 5000);
		expect((await rawParticipant.closed).code).toBe(CloseCode.accessRevoked);
		expect(Date.now() - started).toBeLessThan(5000);
		// 4403 is terminal: the providers stop reconnecting with the dead secret.
		expect(pBoard.provider.shouldConnect).toBe(false);
		expect(pControl.provider.shouldConnect).toBe(false);

		// Everyone else stays connected and served.
		await settle(fBoard, fControl, oBoard, oControl);
		for (const client of [fBoard, fControl, oBoard, oControl]) {
			expect(client.closeCodes).toEqual([]);
			expect(client.provider.wsconnected).toBe(true);
		}

		// The old secret is refused at the upgrade, on both documents, and by the API.
		for (const docName of ['board', 'control'] as const) {
			const old = await openRaw(syncUrl(server.wsUrl, roomName(board.id, docName), { key: board.keys.participant }));
			expect(old.kind).toBe('rejected');
			if (old.kind === 'rejected') {
				expect(old.status).toBe(403);
				expect(old.messagesReceived).toBe(0);
			}
		}
		const oldAccess = await fetch(`${server.url}/api/boards/${board.id}/access`, { headers: { authorization: `Bearer ${board.keys.participant}` } });
		expect(oldAccess.status).toBe(403);
		expect((await postApi(server.url, board.id, 'notes', board.keys.participant, { kind: 'wrong', text: 'old link' })).status).toBe(403);

		// The new secret opens both documents with the participant role.
		const access = await fetch(`${server.url}/api/boards/${board.id}/access`, { headers: { authorization: `Bearer ${newKey}` } });
		expect(await access.json()).toEqual({ id: board.id, role: 'participant' });
		const fresh = await connectClient(server.wsUrl, board.id, newKey);
		const freshControl = await connectControl(server.wsUrl, board.id, newKey);
		addTimelineEntry(fresh.doc, { at: '2026-01-05T10:00:00Z', kind: 'action', description: 'written with the new link' });
		await waitFor(() => descriptions(fBoard.doc).includes('written with the new link'), 'the new participant edit on the facilitator');
		spotlightSection(fControl.doc, 'why');
		await waitFor(() => readControl(freshControl.doc).spotlight?.section === 'why', 'the control document on the new link');

		// Rotating the observer link cuts the observers only.
		const observerRotated = await postApi(server.url, board.id, 'links/observer/rotate', board.keys.facilitator);
		expect(observerRotated.status).toBe(200);
		await waitForCloseCode(oBoard, CloseCode.accessRevoked, 5000);
		await waitForCloseCode(oControl, CloseCode.accessRevoked, 5000);
		await settle(fresh, freshControl, fBoard, fControl);
		for (const client of [fresh, freshControl, fBoard, fControl]) expect(client.closeCodes).toEqual([]);
		const newObserver = await connectClient(server.wsUrl, board.id, keyOfLink(String(observerRotated.body.link)));
		expect(descriptions(newObserver.doc)).toEqual(['written with the new link']);

		// The rotation survives a restart (it is stored, not just in memory).
		await server.close();
		const restarted = await startTestServer({ store: server.store });
		const afterRestart = await openRaw(syncUrl(restarted.wsUrl, board.id, { key: board.keys.participant }));
		expect(afterRestart.kind === 'rejected' && afterRestart.status).toBe(403);
		await connectClient(restarted.wsUrl, board.id, newKey);
	});

	it('also cuts off a connection whose upgrade was checked against the old secret just before the rotation', async () => {
		const store = new ControlledStore(await (await memoryStores()).open());
		const server = await startTestServer({ store });
		const board = await createBoard(server.url, 'Rotation race');
		const facilitator = await connectClient(server.wsUrl, board.id, board.keys.facilitator);

		// A participant's upgrade reads the board's secrets, and its answer is slow to come back…
		const hold = store.holdNextBoardRead();
		const pending = openRaw(syncUrl(server.wsUrl, board.id, { key: board.keys.participant }));
		await withTimeout(hold.reached, "the upgrade's read of the secrets");
		// …while the facilitator replaces the participant link.
		const rotated = await postApi(server.url, board.id, 'links/participant/rotate', board.keys.facilitator);
		expect(rotated.status).toBe(200);
		hold.release();

		// F7: "every connection that used the old secret is closed with 4403". Refusing the
		// upgrade (403) would do as well; an open socket on the old secret would not.
		const raw = await pending;
		if (raw.kind === 'open') {
			const closed = await withTimeout(raw.closed, 'the connection on the old secret to be closed', 5000);
			expect(closed.code).toBe(CloseCode.accessRevoked);
		} else {
			expect(raw.status).toBe(403);
		}
		await settle(facilitator);
		expect(facilitator.closeCodes).toEqual([]);
	});

	it("a revoked client that ignores the 4403 close frame can write nothing more and is dropped within 5 s", async () => {
		const { server, board } = await setup('file');
		const facilitator = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const stubborn = await openStubborn(server.port, `/sync/${board.id}?key=${board.keys.participant}`);
		// Joined: the server's sync step 1 arrived.
		await waitFor(() => stubborn.frames.length > 0, "the server's sync step 1");
		const entry = (description: string) => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(facilitator.doc));
			const before = Y.encodeStateVector(doc);
			addTimelineEntry(doc, { at: '2026-01-05T10:00:00Z', kind: 'other', description });
			return encodeUpdate(Y.encodeStateAsUpdate(doc, before));
		};
		// Before the rotation its edits go through (it is a participant).
		stubborn.send(entry('before the rotation'));
		await waitFor(() => descriptions(facilitator.doc).includes('before the rotation'), 'the edit before the rotation');

		const started = Date.now();
		expect((await postApi(server.url, board.id, 'links/participant/rotate', board.keys.facilitator)).status).toBe(200);
		await waitFor(() => stubborn.closeFrames.some((frame) => frame.code === CloseCode.accessRevoked), 'the 4403 close frame', { timeoutMs: 5000 });
		// It does not answer the close frame and keeps sending.
		stubborn.send(entry('after the revocation'));
		const droppedInTime = await withTimeout(stubborn.ended, 'the server to drop the revoked connection', Math.max(0, 5000 - (Date.now() - started))).then(
			() => true,
			() => false
		);
		await facilitator.roundTrip();
		expect(descriptions(facilitator.doc), 'an edit sent on a revoked connection was applied and relayed').not.toContain('after the revocation');
		expect(descriptions(await storedDocOf(server.store, board.id, 'board')), 'an edit sent on a revoked connection was stored').not.toContain('after the revocation');
		expect(droppedInTime, 'the server kept a revoked connection open for more than 5 s').toBe(true);
	});

	it("only the facilitator may rotate, and only a role's link", async () => {
		const { server, board } = await setup();
		const fBoard = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const pBoard = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const oBoard = await connectClient(server.wsUrl, board.id, board.keys.observer);

		for (const [key, role] of [
			[board.keys.participant, 'participant'],
			[board.keys.participant, 'observer'],
			[board.keys.observer, 'observer'],
			[board.keys.observer, 'participant']
		] as const) {
			const answer = await postApi(server.url, board.id, `links/${role}/rotate`, key);
			expect(answer.status).toBe(403);
			expect(typeof answer.body.error).toBe('string');
		}
		expect((await postApi(server.url, board.id, 'links/participant/rotate', null)).status).toBe(403);
		expect((await postApi(server.url, board.id, 'links/participant/rotate', 'A'.repeat(32))).status).toBe(403);

		for (const role of ['admin', 'owner']) {
			const answer = await postApi(server.url, board.id, `links/${role}/rotate`, board.keys.facilitator);
			expect(answer.status).toBe(400);
			expect(String(answer.body.error)).toMatch(/facilitator, participant, observer/);
		}
		expect((await fetch(`${server.url}/api/boards/${board.id}/links/participant/rotate`, { headers: { authorization: `Bearer ${board.keys.facilitator}` } })).status).toBe(405);
		expect((await postApi(server.url, 'NoSuchBoard000', 'links/participant/rotate', board.keys.facilitator)).status).toBe(404);

		// None of those refusals changed a secret or closed a connection.
		await settle(fBoard, pBoard, oBoard);
		for (const client of [fBoard, pBoard, oBoard]) expect(client.closeCodes).toEqual([]);
		for (const key of Object.values(board.keys)) {
			const access = await fetch(`${server.url}/api/boards/${board.id}/access`, { headers: { authorization: `Bearer ${key}` } });
			expect(access.status).toBe(200);
		}
	});
});

describe('anonymous notes (F4, F5)', () => {
	it('never reach another client before the reveal; afterwards they are on the board, shuffled, with no author', async () => {
		const { server, board } = await setup('file');
		const author = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const authorControl = await connectControl(server.wsUrl, board.id, board.keys.participant);
		const other = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const otherControl = await connectControl(server.wsUrl, board.id, board.keys.participant);
		const fBoard = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const fControl = await connectControl(server.wsUrl, board.id, board.keys.facilitator);
		const observer = await connectClient(server.wsUrl, board.id, board.keys.observer);
		// Raw sockets too, recording every frame from the upgrade on.
		const raws = [
			await listenRaw(server.wsUrl, board.id, 'board', board.keys.participant),
			await listenRaw(server.wsUrl, board.id, 'control', board.keys.participant),
			await listenRaw(server.wsUrl, board.id, 'board', board.keys.facilitator),
			await listenRaw(server.wsUrl, board.id, 'control', board.keys.facilitator)
		];
		const watchers: TestClient[] = [other, otherControl, fBoard, fControl, observer, author, authorControl];

		setPhase(fControl.doc, 'writing');
		await settle(fControl);

		const tag = randomUUID();
		const submitted = Array.from({ length: 10 }, (_, i) => ({ kind: i % 3 === 0 ? 'well' : 'wrong', text: `note ${i} ${tag}` }));
		for (const [i, note] of submitted.entries()) {
			const answer = await postApi(server.url, board.id, 'notes', board.keys.participant, note);
			expect(answer.status).toBe(202);
			expect(answer.body).toEqual({ pending: i + 1 });
		}
		// Only the count reaches the control document.
		await waitFor(() => readControl(otherControl.doc).pendingNotes === 10, 'the pending count on another participant');
		await settle(...watchers, ...raws);

		for (const frames of [...watchers.map((c) => c.frames), ...raws.map((r) => r.frames)]) {
			expect(framesContain(frames, tag)).toBe(false);
			for (const note of submitted) expect(framesContain(frames, note.text)).toBe(false);
		}
		expect(readRevealedNotes(other.doc)).toEqual([]);
		// Nor are they in either stored document; the held copy has no author.
		for (const docName of ['board', 'control'] as const) {
			for (const update of await server.store.loadUpdates(board.id, docName)) expect(Buffer.from(update).includes(Buffer.from(tag))).toBe(false);
		}
		const held = JSON.parse(new TextDecoder().decode((await server.store.getBlob(board.id, 'pending-notes'))!)) as Array<Record<string, unknown>>;
		expect(held.map((note) => Object.keys(note).sort())).toEqual(submitted.map(() => ['kind', 'text']));

		// Only the facilitator reveals.
		expect((await postApi(server.url, board.id, 'notes/reveal', board.keys.participant)).status).toBe(403);
		expect((await postApi(server.url, board.id, 'notes/reveal', board.keys.observer)).status).toBe(403);
		await settle(other);
		expect(readRevealedNotes(other.doc)).toEqual([]);

		const before = new Map(watchers.map((c) => [c, Y.encodeStateVector(c.doc)]));
		const framesBefore = raws.map((raw) => raw.frames.length);
		const revealed = await postApi(server.url, board.id, 'notes/reveal', board.keys.facilitator);
		expect(revealed).toEqual({ status: 200, body: { revealed: 10 } });
		await waitFor(() => readRevealedNotes(other.doc).length === 10, 'the revealed notes on another participant');
		await waitFor(() => readControl(otherControl.doc).pendingNotes === 0, 'the pending count back to 0');

		// Every note, as submitted, is on everyone's board.
		const asSet = (notes: Array<{ kind: string; text: string }>) => notes.map((n) => `${n.kind}|${n.text}`).sort();
		for (const client of [other, fBoard, observer, author]) {
			await waitFor(() => readRevealedNotes(client.doc).length === 10, 'the revealed notes on every client');
			expect(asSet(readRevealedNotes(client.doc))).toEqual(asSet(submitted));
		}
		// Shuffled: with 10 notes, keeping the submission order by chance is a 1 in 3.6 million event.
		expect(readRevealedNotes(other.doc).map((n) => n.text)).not.toEqual(submitted.map((n) => n.text));
		// Every screen shows the same order.
		expect(readRevealedNotes(fBoard.doc).map((n) => n.id)).toEqual(readRevealedNotes(other.doc).map((n) => n.id));

		// No author anywhere: the records hold only id, kind and text…
		for (const item of revealedNotes(other.doc).toArray()) expect([...(item as Y.Map<unknown>).keys()].sort()).toEqual(['id', 'kind', 'text']);
		// …and the structs that carried them were written by a client id that is nobody's.
		const people = new Set([author.doc.clientID, authorControl.doc.clientID, other.doc.clientID, fBoard.doc.clientID, fControl.doc.clientID, observer.doc.clientID]);
		const revealUpdate = Y.encodeStateAsUpdate(other.doc, before.get(other)!);
		const writers = clientsIn([revealUpdate]);
		expect(writers.size).toBeGreaterThan(0);
		for (const id of writers) expect(people.has(id)).toBe(false);
		expect(keysWrittenIn([revealUpdate]).has('createdAt')).toBe(false);
		expect(keysWrittenIn([revealUpdate]).has('author')).toBe(false);
		// The same holds for what actually crossed the wire after the reveal.
		await settle(...raws);
		// (Relayed updates only: the round trips' sync step 2 answers are the whole document.)
		const wireUpdates = raws.flatMap((raw, i) => updatesInFrames(raw.frames.slice(framesBefore[i]), { syncStep2: false }));
		expect(wireUpdates.length).toBeGreaterThan(0);
		expect(framesContain(raws[0].frames.slice(framesBefore[0]), tag)).toBe(true); // the search does find them now
		for (const id of clientsIn(wireUpdates)) expect(people.has(id)).toBe(false);
		expect([...keysWrittenIn(wireUpdates)].filter((key) => key === 'createdAt' || key === 'author')).toEqual([]);

		// The server forgot them: nothing held any more, a second reveal adds nothing.
		expect(await server.store.getBlob(board.id, 'pending-notes')).toBeNull();
		expect(await postApi(server.url, board.id, 'notes/reveal', board.keys.facilitator)).toEqual({ status: 200, body: { revealed: 0 } });
		await settle(other);
		expect(readRevealedNotes(other.doc)).toHaveLength(10);
		// And the stored board has them, authorless, for a restart.
		const stored = await storedDocOf(server.store, board.id, 'board');
		expect(asSet(readRevealedNotes(stored))).toEqual(asSet(submitted));
		for (const item of revealedNotes(stored).toArray()) expect([...(item as Y.Map<unknown>).keys()].sort()).toEqual(['id', 'kind', 'text']);
	});

	it('validates notes: observer 403, empty or oversized 400 with a message', async () => {
		const { server, board } = await setup();
		const control = await connectControl(server.wsUrl, board.id, board.keys.observer);
		const note = (body: unknown, key: string | null = board.keys.participant) => postApi(server.url, board.id, 'notes', key, body);

		const observer = await note({ kind: 'wrong', text: 'observer note' }, board.keys.observer);
		expect(observer.status).toBe(403);
		expect(typeof observer.body.error).toBe('string');
		expect((await note({ kind: 'wrong', text: 'no key' }, null)).status).toBe(403);

		const bad: Array<[unknown, RegExp]> = [
			[{ kind: 'wrong', text: '' }, /empty/],
			[{ kind: 'wrong', text: '   \n\t ' }, /empty/],
			[{ kind: 'wrong', text: 'x'.repeat(MAX_NOTE_LENGTH + 1) }, new RegExp(`at most ${MAX_NOTE_LENGTH}`)],
			[{ kind: 'wrong' }, /string/],
			[{ kind: 'wrong', text: 42 }, /string/],
			[{ kind: 'meh', text: 'a note' }, /kind/],
			[[], /object/],
			['{"kind": ', /JSON/]
		];
		for (const [body, message] of bad) {
			const answer = await note(body);
			expect(answer.status, JSON.stringify(body).slice(0, 60)).toBe(400);
			expect(String(answer.body.error)).toMatch(message);
		}
		expect((await note({ kind: 'well', text: 'y'.repeat(MAX_NOTE_LENGTH) })).status).toBe(202);
		expect((await note({ kind: 'wrong', text: 'from the facilitator' }, board.keys.facilitator)).status).toBe(202);
		// Only the two valid notes are held.
		await waitFor(() => readControl(control.doc).pendingNotes === 2, 'two pending notes');
		const held = JSON.parse(new TextDecoder().decode((await server.store.getBlob(board.id, 'pending-notes'))!)) as unknown[];
		expect(held).toHaveLength(2);
	});
});

describe('dot voting (F6)', () => {
	it('hides ballots until close (a count only), validates them, and publishes totals ranked by votes', async () => {
		const { server, board } = await setup('file');
		const fBoard = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		const fControl = await connectControl(server.wsUrl, board.id, board.keys.facilitator);
		const pBoard = await connectClient(server.wsUrl, board.id, board.keys.participant);
		const pControl = await connectControl(server.wsUrl, board.id, board.keys.participant);
		const oControl = await connectControl(server.wsUrl, board.id, board.keys.observer);
		const raws = [
			await listenRaw(server.wsUrl, board.id, 'control', board.keys.participant),
			await listenRaw(server.wsUrl, board.id, 'board', board.keys.participant),
			await listenRaw(server.wsUrl, board.id, 'control', board.keys.facilitator)
		];

		const alerting = addFactor(fBoard.doc, { title: 'No alert on pool saturation', category: 'technical' });
		const runbook = addFactor(fBoard.doc, { title: 'Runbook out of date', category: 'process' });
		const handoff = addFactor(fBoard.doc, { title: 'Unclear handoff', category: 'communication' });
		await settle(fBoard);
		const vote = (voter: string, ballot: unknown, round: unknown = 1, key: string = board.keys.participant) =>
			postApi(server.url, board.id, 'votes', key, { voter, round, ballot });

		// Before a vote is open, ballots are refused.
		const early = await vote('voter-early-1', { [runbook]: 1 });
		expect(early.status).toBe(400);
		expect(String(early.body.error)).toMatch(/no vote is open/);

		openVoting(fControl.doc, 3);
		await settle(fControl);
		await waitFor(() => readControl(pControl.doc).voting.open, 'the open vote on the participant');
		expect(readControl(pControl.doc).voting).toEqual({ round: 1, open: true, votesPerPerson: 3, ballots: 0, results: null });

		const voters = { ana: `voter-ana-${randomUUID()}`, ben: `voter-ben-${randomUUID()}`, cy: `voter-cy-${randomUUID()}` };
		expect(await vote(voters.ana, { [runbook]: 2, [handoff]: 1 })).toEqual({ status: 200, body: { ballots: 1 } });
		await waitFor(() => readControl(fControl.doc).voting.ballots === 1, 'one ballot counted');
		expect(await vote(voters.ben, { [runbook]: 1, [alerting]: 1 })).toEqual({ status: 200, body: { ballots: 2 } });
		// A voter's new ballot replaces the old one: still two ballots.
		expect(await vote(voters.ben, { [runbook]: 1, [handoff]: 1, [alerting]: 0 })).toEqual({ status: 200, body: { ballots: 2 } });
		// The facilitator may vote too.
		expect(await vote(voters.cy, { [alerting]: 1 }, 1, board.keys.facilitator)).toEqual({ status: 200, body: { ballots: 3 } });

		// Validation: each is a 400 with a message, and changes nothing.
		const invalid: Array<[string, unknown, unknown, RegExp]> = [
			['too many votes', { [runbook]: 2, [handoff]: 2 }, 1, /at most 3 votes/],
			['too many on one factor', { [runbook]: 4 }, 1, /at most 3 votes/],
			['unknown factor', { 'no-such-factor': 1 }, 1, /does not exist/],
			['negative votes', { [runbook]: -1 }, 1, /whole numbers/],
			['fractional votes', { [runbook]: 1.5 }, 1, /whole numbers/],
			['not an object', [runbook], 1, /object/],
			['wrong round', { [runbook]: 1 }, 2, /closed/],
			['no round', { [runbook]: 1 }, null, /closed/]
		];
		for (const [what, ballot, round, message] of invalid) {
			const answer = await vote(`voter-bad-${randomUUID()}`, ballot, round);
			expect(answer.status, what).toBe(400);
			expect(String(answer.body.error), what).toMatch(message);
		}
		const badVoter = await vote('short', { [runbook]: 1 });
		expect(badVoter.status).toBe(400);
		expect(String(badVoter.body.error)).toMatch(/voter/);
		expect((await vote(`voter-obs-${randomUUID()}`, { [runbook]: 1 }, 1, board.keys.observer)).status).toBe(403);
		expect((await postApi(server.url, board.id, 'votes/close', board.keys.participant)).status).toBe(403);
		expect((await postApi(server.url, board.id, 'votes/close', board.keys.observer)).status).toBe(403);

		// While open, everyone's control document holds a count and nothing else.
		await waitFor(() => readControl(oControl.doc).voting.ballots === 3, 'three ballots on the observer');
		await settle(fControl, pControl, oControl, pBoard, ...raws);
		for (const client of [fControl, pControl, oControl]) {
			expect(readControl(client.doc).voting).toEqual({ round: 1, open: true, votesPerPerson: 3, ballots: 3, results: null });
			expect([...votingMap(client.doc).keys()].sort()).toEqual(['ballots', 'open', 'round', 'votesPerPerson']);
		}
		// And no ballot content crossed the wire: no factor id in control traffic, no voter id anywhere.
		const controlFrames = [fControl.frames, pControl.frames, oControl.frames, raws[0].frames, raws[2].frames];
		for (const frames of controlFrames) for (const factor of [alerting, runbook, handoff]) expect(framesContain(frames, factor)).toBe(false);
		const allFrames = [...controlFrames, fBoard.frames, pBoard.frames, raws[1].frames];
		for (const frames of allFrames) for (const voter of Object.values(voters)) expect(framesContain(frames, voter)).toBe(false);
		expect(readControl(await storedDocOf(server.store, board.id, 'control')).voting.results).toBeNull();

		// Closing publishes the totals only.
		const closed = await postApi(server.url, board.id, 'votes/close', board.keys.facilitator);
		const totals = { [runbook]: 3, [handoff]: 2, [alerting]: 1 };
		expect(closed.status).toBe(200);
		expect(closed.body.results).toEqual(totals);
		for (const client of [fControl, pControl, oControl]) {
			await waitFor(() => readControl(client.doc).voting.results !== null, 'the results on every client');
			expect(readControl(client.doc).voting).toEqual({ round: 1, open: false, votesPerPerson: 3, ballots: 3, results: totals });
		}
		// Ranked by votes, most first (not the order the factors were created in).
		const ranked = rankByVotes(readFactors(pBoard.doc), readControl(pControl.doc).voting.results);
		expect(ranked.map((f) => [f.title, f.votes])).toEqual([
			['Runbook out of date', totals[runbook]],
			['Unclear handoff', totals[handoff]],
			['No alert on pool saturation', totals[alerting]]
		]);
		// Voter ids never went out, even after the close; the held ballots are gone.
		await settle(...raws, fControl, pControl);
		for (const frames of allFrames) for (const voter of Object.values(voters)) expect(framesContain(frames, voter)).toBe(false);
		expect(await server.store.getBlob(board.id, 'ballots')).toBeNull();
		expect(readControl(await storedDocOf(server.store, board.id, 'control')).voting.results).toEqual(totals);

		// A closed round takes no more ballots…
		const late = await vote(voters.ana, { [alerting]: 1 });
		expect(late.status).toBe(400);
		expect(String(late.body.error)).toMatch(/no vote is open/);
		// …nor does it once a new round is open; the new round starts empty.
		openVoting(fControl.doc, 2);
		await settle(fControl);
		const stale = await vote(voters.ana, { [alerting]: 1 }, 1);
		expect(stale.status).toBe(400);
		expect(String(stale.body.error)).toMatch(/a new round has started/);
		expect(await vote(voters.ana, { [alerting]: 2 }, 2)).toEqual({ status: 200, body: { ballots: 1 } });
		expect((await vote(voters.ben, { [alerting]: 3 }, 2)).status).toBe(400);
		const second = await postApi(server.url, board.id, 'votes/close', board.keys.facilitator);
		expect(second.body.results).toEqual({ [alerting]: 2 });
		await waitFor(() => readControl(pControl.doc).voting.round === 2 && readControl(pControl.doc).voting.results !== null, 'round 2 results');
		expect(readControl(pControl.doc).voting.results).toEqual({ [alerting]: 2 });
	});
});
