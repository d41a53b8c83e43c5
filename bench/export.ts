/**
 * `node bench/export.ts [field size, e.g. 1mb]`: what exports cost (X2, X3).
 *
 * 1. Rendering: each format of a board whose fields hold hostile text of the given size,
 *    beside ordinary prose of the same size (ratios matter more than milliseconds on a
 *    shared machine).
 * 2. The server: a board of about 10 MB exported over HTTP while another client asks the
 *    server for the time every 5 ms — the longest the event loop was held up, and the slowest
 *    answer that other client got, tell whether one export stalls every other room.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { startServer } from '../server/app.ts';
import { createLogger } from '../server/log.ts';
import { MemoryStore } from '../server/persistence/index.ts';
import { fixtureInput } from '../tests/fixtures/export/board.ts';
import { renderMarkdown } from '../src/lib/board/export/markdown.ts';
import { renderHtml } from '../src/lib/board/export/html.ts';
import { renderJson } from '../src/lib/board/export/json.ts';
import type { ExportInput } from '../src/lib/board/export/model.ts';
import { textField } from '../src/lib/board/schema.ts';
import { addTimelineEntry } from '../src/lib/board/timeline.ts';
import { addFactor } from '../src/lib/board/factors.ts';
import { addAction } from '../src/lib/board/actions.ts';
import { addListItem } from '../src/lib/board/lists.ts';

const SIZE = parseSize(process.argv[2] ?? '1mb');
const PROSE = 'The deploy of 4512 started at 14:02 and the error rate rose (see the graph). Ana rolled it back.\n';
const SHAPES: Record<string, string> = {
	'ordinary prose': PROSE,
	'no spaces (base64)': 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkrLz0',
	'all backticks': '`',
	'all *': '*',
	'all <': '<',
	'long URL': 'https://example.com/a/b.c?d=e&f=g#',
	'dots without spaces': 'a.',
	'repeated Markdown syntax': '**_[`<a>`](x)_**',
	'a line per character': 'x\n'
};

function parseSize(text: string): number {
	const match = /^(\d+(?:\.\d+)?)\s*(kb|mb)?$/i.exec(text);
	if (!match) throw new Error(`not a size: ${text} (e.g. 100kb, 5mb)`);
	return Math.round(Number(match[1]) * (match[2]?.toLowerCase() === 'mb' ? 1 << 20 : match[2] ? 1 << 10 : 1));
}

const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

function timed(run: () => unknown): number {
	const start = performance.now();
	run();
	return performance.now() - start;
}

function renderingTable(): void {
	const formats: Record<string, (input: ExportInput) => string> = {
		md: (input) => renderMarkdown(input),
		html: (input) => renderHtml(input),
		json: (input) => renderJson(input),
		'md as roles': (input) => renderMarkdown(input, { namesAsRoles: true, includeNotes: true })
	};
	console.log(`Rendering, a ${(SIZE / 1024).toFixed(0)} KiB field (milliseconds, fastest of 2):`);
	console.log(['shape'.padEnd(26), ...Object.keys(formats).map((f) => f.padStart(12))].join(''));
	for (const [shape, unit] of Object.entries(SHAPES)) {
		const input = fixtureInput();
		input.board.summary = fill(unit, SIZE);
		const cells = Object.values(formats).map((render) => Math.min(timed(() => render(input)), timed(() => render(input))).toFixed(0).padStart(12));
		console.log([shape.padEnd(26), ...cells].join(''));
	}
}

/** About 10 MB of ordinary board content: long fields, 200 timeline entries, 100 factors and actions. */
function tenMegabyteBoard(doc: Y.Doc): void {
	const text = (size: number) => fill(PROSE, size);
	doc.transact(() => {
		textField(doc, 'summary').insert(0, text(2 << 20));
		textField(doc, 'notes').insert(0, text(2 << 20));
		for (let i = 0; i < 200; i++) addTimelineEntry(doc, { at: new Date(Date.UTC(2026, 0, 5, 14, i)).toISOString(), kind: 'action', description: text(15_000), author: `Person ${i % 7}` });
		for (let i = 0; i < 100; i++) addAction(doc, { title: text(5_000), owner: `Person ${i % 7}`, factorId: addFactor(doc, { title: text(200), description: text(15_000) }) });
		for (let i = 0; i < 100; i++) addListItem(doc, 'wentWell', text(5_000));
	});
}

async function serverStall(): Promise<void> {
	const store = new MemoryStore();
	const server = await startServer({
		config: { publicOrigin: null, allowedOrigins: null, maxMessageBytes: 1 << 20, compactEvery: 200 },
		store,
		log: createLogger('silent'),
		port: 0,
		host: '127.0.0.1'
	});
	const url = `http://127.0.0.1:${server.port}`;
	const created = (await (await fetch(`${url}/api/boards`, { method: 'POST', body: '{}' })).json()) as { id: string; links: Record<string, string> };
	const key = created.links.observer.split('#k=')[1];
	const doc = new Y.Doc();
	tenMegabyteBoard(doc);
	const update = Y.encodeStateAsUpdate(doc);
	// Stored before any room is loaded: the first export loads it.
	await store.appendUpdate(created.id, 'board', update);
	console.log(`\nThe server, a board of ${(update.length / (1 << 20)).toFixed(1)} MiB:`);
	for (const format of ['md', 'html', 'json', 'md?names=roles']) {
		const exportUrl = `${url}/api/boards/${created.id}/export.${format}`;
		const get = () => fetch(exportUrl, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.arrayBuffer());
		await get(); // loads the room, warms up
		const loop = monitorEventLoopDelay({ resolution: 5 });
		let slowestPing = 0;
		let stop = false;
		const pinger = (async () => {
			while (!stop) {
				const sent = performance.now();
				await fetch(`${url}/api/time`).then((r) => r.arrayBuffer());
				slowestPing = Math.max(slowestPing, performance.now() - sent);
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		})();
		loop.enable();
		const started = performance.now();
		const bytes = (await get()).byteLength;
		const took = performance.now() - started;
		loop.disable();
		stop = true;
		await pinger;
		console.log(
			`  export.${format.padEnd(15)} ${took.toFixed(0).padStart(6)} ms, ${(bytes / (1 << 20)).toFixed(1)} MiB; event loop held up to ${(loop.max / 1e6).toFixed(0)} ms; slowest /api/time meanwhile ${slowestPing.toFixed(0)} ms`
		);
	}
	await server.close();
}

renderingTable();
await serverStall();
