/**
 * Helpers for canvas.e2e.ts: people in their own browser contexts whose every request is
 * recorded, tldraw driven as a person would (toolbar, pointer, keyboard), and a Debrief server
 * process of the test's own that it can kill and start again on the same port.
 */
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { FileStore } from '../../server/persistence/file.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openWith } from './helpers.ts';

// ---------------------------------------------------------------------------------------
// Requests.

/** Every URL any recorded context asked for: pages, scripts, fonts, fetches, websockets. */
export class RequestLog {
	readonly urls: string[] = [];

	record(context: BrowserContext): void {
		context.on('request', (request) => this.urls.push(request.url()));
		context.on('page', (page) => page.on('websocket', (ws) => this.urls.push(ws.url())));
		for (const page of context.pages()) page.on('websocket', (ws) => this.urls.push(ws.url()));
	}

	/** Hosts of every network request (data: and blob: URLs never leave the browser). */
	hosts(): string[] {
		const hosts = new Set<string>();
		for (const url of this.urls) {
			const parsed = new URL(url);
			if (['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) hosts.add(parsed.host);
		}
		return [...hosts].sort();
	}
}

/** Opens a link in a fresh context (a different person) with its requests recorded; answers the name prompt. */
export function openRecorded(browser: Browser, log: RequestLog, link: string, name: string | null): Promise<Page> {
	return openWith(browser, link, name, { viewport: { width: 1400, height: 1000 } }, (context) => log.record(context));
}

// ---------------------------------------------------------------------------------------
// Another client: not a Debrief page, writing straight into the board document.

// The ids and the client itself live in helpers.ts; re-exported for the canvas specs.
export { boardIdOf, rawClient as connectOtherClient, secretOf } from './helpers.ts';

// ---------------------------------------------------------------------------------------
// The canvas.

export const canvas = (page: Page): Locator => page.getByTestId('canvas-host');

/** Brings the canvas into view, which loads it, and waits until tldraw is up. */
export async function openCanvas(page: Page): Promise<Locator> {
	await page.locator('#section-canvas').scrollIntoViewIfNeeded();
	await expect(page.getByTestId('canvas-section')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
	await expect(canvas(page).locator('.tl-canvas')).toBeVisible();
	// Scrolled so the whole canvas is on screen: pointer positions are then page positions.
	await canvas(page).scrollIntoViewIfNeeded();
	return canvas(page);
}

export const shapes = (page: Page, type: string): Locator => canvas(page).locator(`[data-shape-type="${type}"]`);
export const cards = (page: Page): Locator => canvas(page).getByTestId('factor-card');
export const card = (page: Page, title: string): Locator => cards(page).filter({ hasText: title });

async function centerOf(locator: Locator): Promise<{ x: number; y: number }> {
	const box = await locator.boundingBox();
	if (!box) throw new Error('element has no box');
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A point of the canvas, as fractions of its width and height. */
export async function at(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
	const box = await canvas(page).boundingBox();
	if (!box) throw new Error('canvas has no box');
	return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

export async function tool(page: Page, id: 'select' | 'draw' | 'arrow' | 'note' | 'rectangle' | 'text'): Promise<void> {
	await canvas(page).getByTestId(`tools.${id}`).click();
}

export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
	await page.mouse.move(to.x, to.y, { steps: 5 });
	await page.mouse.up();
}

/** Draws a rectangle with the toolbar's rectangle tool between two points of the canvas. */
export async function drawRectangle(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
	await tool(page, 'rectangle');
	await drag(page, from, to);
}

/** Draws an arrow from one factor card to another. */
export async function drawArrow(page: Page, from: Locator, to: Locator): Promise<void> {
	await tool(page, 'arrow');
	await drag(page, await centerOf(from), await centerOf(to));
}

/** Creates a factor card from the canvas toolbar and types its title. */
export async function addCardOnCanvas(page: Page, title: string): Promise<void> {
	await page.getByRole('button', { name: 'Add a factor card' }).click();
	const input = canvas(page).getByRole('textbox', { name: 'Factor title' });
	await expect(input).toBeFocused();
	await input.pressSequentially(title, { delay: 10 });
	await input.press('Enter');
	await expect(card(page, title)).toBeVisible();
}

export async function clickCard(page: Page, title: string): Promise<void> {
	await tool(page, 'select');
	const { x, y } = await centerOf(card(page, title));
	await page.mouse.click(x, y);
}

/** The titles in the contributing factors list, in order. */
export async function factorTitles(page: Page): Promise<string[]> {
	const inputs = page.getByTestId('factor').getByRole('textbox', { name: /^Factor \d+$/ });
	const titles: string[] = [];
	for (let i = 0; i < (await inputs.count()); i++) titles.push(await inputs.nth(i).inputValue());
	return titles;
}

// ---------------------------------------------------------------------------------------
// A server of the test's own.

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	if (!address || typeof address !== 'object') throw new Error('no free port');
	return address.port;
}

/**
 * `node server/index.ts` on a port and data directory of its own (the app must be built),
 * which the test can kill outright and start again on the same port.
 */
export class OwnServer {
	readonly port: number;
	readonly dataDir: string;
	#process: ChildProcess | null = null;
	#output = '';

	private constructor(port: number, dataDir: string) {
		this.port = port;
		this.dataDir = dataDir;
	}

	static async create(): Promise<OwnServer> {
		return new OwnServer(await freePort(), mkdtempSync(path.join(tmpdir(), 'debrief-canvas-e2e-')));
	}

	get url(): string {
		return `http://localhost:${this.port}`;
	}

	async start(): Promise<void> {
		const child = spawn(process.execPath, ['server/index.ts'], {
			env: { ...process.env, PORT: String(this.port), DATA_DIR: this.dataDir, STORAGE: 'file', LOG_LEVEL: 'warn' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
		this.#process = child;
		const deadline = Date.now() + 30_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${this.#output}`);
			const healthy = await fetch(`${this.url}/healthz`).then((r) => r.ok, () => false);
			if (healthy) return;
			if (Date.now() > deadline) throw new Error(`the server did not answer /healthz within 30 s:\n${this.#output}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	/** SIGKILL: no shutdown path runs, as when a machine dies. */
	async kill(): Promise<void> {
		const child = this.#process;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGKILL');
		await exited;
		this.#process = null;
	}

	async dispose(): Promise<void> {
		await this.kill();
		rmSync(this.dataDir, { recursive: true, force: true });
	}

	/** A new board through the API, as a facilitator's script would create one. */
	async createBoard(title: string): Promise<{ id: string; links: Record<'facilitator' | 'participant' | 'observer', string> }> {
		const created = await fetch(`${this.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
		return (await created.json()) as { id: string; links: Record<'facilitator' | 'participant' | 'observer', string> };
	}

	/**
	 * Appends an update to a board's stored log while the server is down, then starts it again:
	 * a board as another (older or newer) Debrief left it, which no live client could write now.
	 */
	async storeWhileStopped(boardId: string, update: Uint8Array): Promise<void> {
		await this.kill();
		const store = new FileStore({ dataDir: this.dataDir });
		await store.appendUpdate(boardId, 'board', update);
		await store.close();
		await this.start();
	}
}

/** A server of the test's own for each test in the file (or describe block) that calls this. */
export function useOwnServer(): { readonly current: OwnServer } {
	let server: OwnServer | null = null;
	test.beforeEach(async () => {
		server = await OwnServer.create();
		await server.start();
	});
	test.afterEach(async () => {
		await server?.dispose();
	});
	return {
		get current() {
			if (!server) throw new Error('useOwnServer: no test is running');
			return server;
		}
	};
}
