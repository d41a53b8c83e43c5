/**
 * `npm run bench`: how much the sync server costs on top of Yjs itself. Every figure is a
 * ratio against a baseline measured in the same run (two Y.Docs exchanging the same edits
 * in-process), because absolute times on shared machines are noise.
 *
 * Scenarios: one client types N single-character edits that another client must see,
 * through the real server with memory, file and (when reachable) Redis storage.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { startServer } from '../server/app.ts';
import { createLogger } from '../server/log.ts';
import { FileStore, MemoryStore, RedisStore, type BoardStore } from '../server/persistence/index.ts';
import { initBoard, textField } from '../src/lib/board/schema.ts';
import { addTimelineEntry } from '../src/lib/board/timeline.ts';
import { addWhyChain, addWhyStep } from '../src/lib/board/why.ts';
import { addFactor } from '../src/lib/board/factors.ts';
import { addAction } from '../src/lib/board/actions.ts';
import { readBoard } from '../src/lib/board/board.ts';
import { collectGuidance } from '../src/lib/board/guidance/guidance.ts';
import { sectionCompleteness } from '../src/lib/board/guidance/completeness.ts';

const EDITS = Number(process.env.BENCH_EDITS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function baseline(): number {
	const a = new Y.Doc();
	const b = new Y.Doc();
	a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
	const text = a.getText('t');
	const started = performance.now();
	for (let i = 0; i < EDITS; i++) text.insert(i, 'x');
	if (b.getText('t').length !== EDITS) throw new Error('baseline did not converge');
	return performance.now() - started;
}

async function throughServer(store: BoardStore): Promise<number> {
	const server = await startServer({
		config: { publicOrigin: null, allowedOrigins: null, maxMessageBytes: 1 << 20, compactEvery: 500 },
		// The typist types as fast as the machine allows, a flood by L1's standards: measure the server, not the limit.
		limits: { connection: { messages: { perSecond: 1e9, capacity: 1e9 } } },
		store,
		log: createLogger('silent'),
		port: 0,
		host: '127.0.0.1'
	});
	const url = `http://127.0.0.1:${server.port}`;
	const created = (await (await fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { id: string; links: Record<string, string> };
	const key = created.links.participant.split('#k=')[1];
	const open = async () => {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, created.id, doc, {
			params: { key },
			disableBc: true,
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket
		});
		await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
		return { doc, provider };
	};
	const a = await open();
	const b = await open();
	// A real field of the board: the server refuses root types the board does not have.
	const text = textField(a.doc, 'notes');
	const seen = new Promise<void>((resolve) => {
		textField(b.doc, 'notes').observe(() => {
			if (textField(b.doc, 'notes').length === EDITS) resolve();
		});
	});
	const started = performance.now();
	for (let i = 0; i < EDITS; i++) text.insert(i, 'x');
	await seen;
	const elapsed = performance.now() - started;
	a.provider.destroy();
	b.provider.destroy();
	await server.close();
	return elapsed;
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/**
 * What every keystroke costs the browser beyond Yjs: the board is re-read and its guidance
 * and completeness recomputed. Baseline: applying that keystroke's update to a copy of the doc.
 */
function derivedPerKeystroke(): { baseline: number; derived: number; size: string } {
	const doc = new Y.Doc();
	initBoard(doc, { title: 'Large board', timeZone: 'Europe/Berlin' });
	for (let i = 0; i < 200; i++) addTimelineEntry(doc, { at: new Date(Date.UTC(2026, 0, 5, 14, i)).toISOString(), kind: i === 0 ? 'trigger' : 'action', description: `Step ${i}: the on-call engineer checked the dashboard and restarted worker ${i}` });
	for (let c = 0; c < 10; c++) {
		const chain = addWhyChain(doc, `Problem ${c}`);
		for (let s = 0; s < 4; s++) addWhyStep(doc, chain);
	}
	for (let f = 0; f < 40; f++) {
		const factor = addFactor(doc, { title: `Factor ${f}: no alert on queue depth ${f}`, category: 'detection/monitoring' });
		addAction(doc, { title: `Add an alert when queue ${f} is deeper than 1000 for 5 min`, owner: 'Ana', due: '2026-02-01', factorId: factor });
	}
	textField(doc, 'summary').insert(0, 'Checkout failed for 45 minutes. '.repeat(20));
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	const keystrokes: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => keystrokes.push(update));
	for (let i = 0; i < 200; i++) textField(doc, 'summary').insert(i, 'x');
	const base: number[] = [];
	const derived: number[] = [];
	for (const update of keystrokes) {
		let t = performance.now();
		Y.applyUpdate(copy, update);
		base.push(performance.now() - t);
		t = performance.now();
		const board = readBoard(copy);
		collectGuidance(board);
		sectionCompleteness(board);
		derived.push(performance.now() - t);
	}
	return { baseline: median(base), derived: median(derived), size: '200 timeline entries, 10 why chains, 40 factors, 40 actions' };
}

async function main(): Promise<void> {
	const dir = await mkdtemp(path.join(tmpdir(), 'debrief-bench-'));
	let redis: RedisStore | null = null;
	try {
		redis = await RedisStore.connect({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `debrief-bench:${Date.now()}:` });
	} catch {
		console.log('(Redis not reachable: skipping the Redis scenario)');
	}
	const scenarios: Array<[string, () => BoardStore]> = [
		['memory', () => new MemoryStore()],
		['file', () => new FileStore({ dataDir: dir })],
		...(redis ? ([['redis', () => redis!]] as Array<[string, () => BoardStore]>) : [])
	];
	const base: number[] = [];
	const results = new Map<string, number[]>();
	for (let round = 0; round < ROUNDS; round++) {
		base.push(baseline());
		for (const [name, make] of scenarios) results.set(name, [...(results.get(name) ?? []), await throughServer(make())]);
	}
	const b = median(base);
	console.log(`${EDITS} single-character edits, one typist, one reader; median of ${ROUNDS} rounds`);
	console.log(`baseline (Yjs in-process):  1.0x  (${b.toFixed(1)} ms)`);
	for (const [name, times] of results) {
		const m = median(times);
		console.log(`through server, ${name.padEnd(6)}: ${(m / b).toFixed(1)}x  (${m.toFixed(0)} ms, ${((EDITS / m) * 1000).toFixed(0)} edits/s)`);
	}
	if (redis) {
		await redis.deleteAllWithPrefix();
		await redis.close();
	}
	await rm(dir, { recursive: true, force: true });

	const keystroke = derivedPerKeystroke();
	console.log(`\nPer keystroke in the browser (${keystroke.size}), median of 200:`);
	console.log(`baseline (apply the update):    1.0x  (${keystroke.baseline.toFixed(3)} ms)`);
	console.log(`re-read + guidance + completeness: ${(keystroke.derived / keystroke.baseline).toFixed(0)}x  (${keystroke.derived.toFixed(2)} ms)`);
}

await main();
