import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/persistence/index.ts';
import { addTimelineEntry } from '../../src/lib/board/timeline.ts';
import { addFactor } from '../../src/lib/board/factors.ts';
import { addAction } from '../../src/lib/board/actions.ts';
import { textField } from '../../src/lib/board/schema.ts';
import { HTML_EXPORT_CSP } from '../../src/lib/board/export/html.ts';
import { connectClient } from './harness/clients.ts';
import { createBoard, startTestServer } from './harness/server.ts';
import { runCleanups, waitFor } from './harness/wait.ts';

afterEach(runCleanups);

const get = (url: string, key?: string) => fetch(url, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
/** The footer carries the export date, which differs between two exports. */
const withoutDate = (markdown: string) => markdown.replace(/_Exported from Debrief on [^_]*_/, '');

describe('writeup over HTTP (X1)', () => {
	it('serves Markdown, HTML and JSON to any of the board\'s links, and refuses others', async () => {
		const server = await startTestServer({ store: new MemoryStore() });
		const board = await createBoard(server.url, 'Queue backlog');
		const client = await connectClient(server.wsUrl, board.id, board.keys.participant);
		client.doc.transact(() => {
			textField(client.doc, 'summary').insert(0, 'Orders queued for 20 minutes <script>alert(1)</script>');
			addTimelineEntry(client.doc, { at: '2026-03-01T10:00:00Z', kind: 'trigger', description: 'Broker failover' });
			const factor = addFactor(client.doc, { title: 'Single broker', category: 'technical' });
			addAction(client.doc, { title: 'Add a second broker', owner: 'Ana', due: '2026-04-01', factorId: factor });
		});
		await client.roundTrip();
		const base = `${server.url}/api/boards/${board.id}/export`;
		for (const role of ['facilitator', 'participant', 'observer'] as const) {
			const md = await get(`${base}.md`, board.keys[role]);
			expect(md.status).toBe(200);
			expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
			const text = await md.text();
			expect(text).toContain('# Queue backlog');
			expect(text).toContain('Add a second broker');
			expect(text).toContain('\\<script\\>');
		}
		const html = await get(`${base}.html`, board.keys.observer);
		expect(html.headers.get('content-security-policy')).toBe(HTML_EXPORT_CSP);
		expect(await html.text()).not.toMatch(/<script>alert/);
		const json = await (await get(`${base}.json`, board.keys.observer)).json();
		expect(json).toMatchObject({ format: 'debrief-postmortem', version: 1, board: { header: { title: 'Queue backlog' } } });
		expect((await get(`${base}.md`)).status).toBe(403);
		expect((await get(`${base}.md`, 'x'.repeat(22))).status).toBe(403);
		expect((await get(`${server.url}/api/boards/NoSuchBoard0000/export.md`, board.keys.observer)).status).toBe(404);
		expect((await get(`${base}.md?names=roles`, board.keys.observer).then((r) => r.text()))).not.toContain('Ana');
	});

	it('imports a JSON export as a new board whose writeup equals the original', async () => {
		const server = await startTestServer({ store: new MemoryStore() });
		const board = await createBoard(server.url, 'Imported review');
		const client = await connectClient(server.wsUrl, board.id, board.keys.facilitator);
		addTimelineEntry(client.doc, { at: '2026-03-01T10:00:00Z', kind: 'detection', description: 'Lag alert' });
		await client.roundTrip();
		const original = await get(`${server.url}/api/boards/${board.id}/export.md`, board.keys.facilitator).then((r) => r.text());
		const json = await get(`${server.url}/api/boards/${board.id}/export.json`, board.keys.facilitator).then((r) => r.text());
		const created = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
		expect(created.status).toBe(201);
		const copy = (await created.json()) as { id: string; links: Record<string, string> };
		expect(copy.id).not.toBe(board.id);
		const key = copy.links.observer.split('#k=')[1];
		const copied = await waitFor(async () => {
			const text = await get(`${server.url}/api/boards/${copy.id}/export.md`, key).then((r) => r.text());
			return text.includes('Lag alert') ? text : null;
		}, 'the imported board to be readable');
		expect(withoutDate(copied)).toBe(withoutDate(original));
	});

	it('rejects files that are not valid exports with the reason', async () => {
		const server = await startTestServer({ store: new MemoryStore() });
		const post = (body: string) => fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
		const wrongFormat = await post(JSON.stringify({ format: 'trello', version: 1 }));
		expect(wrongFormat.status).toBe(400);
		expect((await wrongFormat.json()).error).toMatch(/not a Debrief export/);
		const broken = await post(JSON.stringify({ format: 'debrief-postmortem', version: 1, exportedAt: 'x', board: { header: {} } }));
		expect(broken.status).toBe(400);
		expect((await broken.json()).error).toMatch(/^board\.\w+ must be/);
	});
});
