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
		store,
		log: createLogger('silent'),
		port: 0,
		host: '127.0.0.1'
	});
	const url = `http://127.0.0.1:${server.port}`;
	const created = (await (await fetch(`${url}/api/boards`, { method: 'POST', body: '{}' })).json()) as { id: string; links: Record<string, string> };
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
	const text = a.doc.getText('t');
	const seen = new Promise<void>((resolve) => {
		b.doc.getText('t').observe(() => {
			if (b.doc.getText('t').length === EDITS) resolve();
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
}

await main();
