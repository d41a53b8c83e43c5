/**
 * Web hardening in a real browser (W1, W3, W4, W6 in docs/protocol.md): the pages' CSP, sent as
 * a header and violated by nothing the board or the canvas does; no framing by another page;
 * no request to another host for a canvas asset someone else wrote with an outside address;
 * cross-site form posts refused; and replacing the facilitator link from one of two screens.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { AssetRecordType, createShapeId, createTLStore, defaultShapeUtils, type TLRecord } from 'tldraw';
import { canvasMeta, canvasRecords } from '../../src/lib/board/schema.ts';
import { canvasSchema } from '../../src/lib/canvas/canvas-schema.ts';
import { addTimelineEntry, createBoardFromHome, openAs, section, timelineDescriptions } from './helpers.ts';
import { RequestLog, at, boardIdOf, canvas, connectOtherClient, drawRectangle, openCanvas, secretOf, shapes } from './canvas-helpers.ts';

const panel = (page: Page) => page.getByTestId('facilitator-panel');

/** A 1×1 PNG. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Every CSP violation the context's pages report, as "directive blocked-URL"; call before they open. */
async function watchCsp(context: BrowserContext): Promise<string[]> {
	const violations: string[] = [];
	await context.exposeFunction('__reportCspViolation', (entry: string) => violations.push(entry));
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			(window as unknown as { __reportCspViolation(entry: string): void }).__reportCspViolation(`${e.effectiveDirective} ${e.blockedURI}`);
		});
	});
	// Violations in places the event does not reach (workers, frames) are still logged.
	context.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
	});
	return violations;
}

/** The policy's directives, by name. */
function directives(csp: string): Record<string, string[]> {
	return Object.fromEntries(
		csp
			.split(';')
			.map((part) => part.trim().split(/\s+/))
			.filter(([name]) => name)
			.map(([name, ...values]) => [name, values])
	);
}

/** A host that is not Debrief's, which counts what it is asked for (a tracking pixel). */
async function startTracker(): Promise<{ origin: string; hits: string[]; server: Server }> {
	const hits: string[] = [];
	const server = createServer((req, res) => {
		hits.push(req.url ?? '');
		res.writeHead(200, { 'content-type': 'image/png' });
		res.end(PIXEL);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const address = server.address();
	if (typeof address !== 'object' || !address) throw new Error('tracker has no port');
	return { origin: `http://127.0.0.1:${address.port}`, hits, server };
}

/** Canvas records as another client writes them: checked against our schema first, so the board accepts them. */
function remoteAssetRecords(tracker: string): TLRecord[] {
	const image = AssetRecordType.create({
		id: AssetRecordType.createId('tracker-image'),
		type: 'image',
		props: { src: `${tracker}/pixel.png?meeting=now`, w: 120, h: 80, name: 'pixel.png', isAnimated: false, mimeType: 'image/png' },
		meta: {}
	});
	const bookmark = AssetRecordType.create({
		id: AssetRecordType.createId('tracker-bookmark'),
		type: 'bookmark',
		props: { src: 'https://example.com/runbook', title: 'Runbook', description: 'How we deploy', image: `${tracker}/preview.png`, favicon: `${tracker}/favicon.ico` },
		meta: {}
	});
	const shape = (type: 'image' | 'bookmark', x: number, props: Record<string, unknown>) => {
		const util = defaultShapeUtils.find((u) => u.type === type)!;
		return {
			id: createShapeId(`tracker-${type}`),
			typeName: 'shape',
			type,
			x,
			y: 40,
			rotation: 0,
			index: type === 'image' ? 'a1' : 'a2',
			parentId: 'page:page',
			isLocked: false,
			opacity: 1,
			meta: {},
			props: { ...new util({} as never).getDefaultProps(), ...props }
		} as unknown as TLRecord;
	};
	const records = [image, bookmark, shape('image', 40, { assetId: image.id, w: 120, h: 80 }), shape('bookmark', 260, { assetId: bookmark.id, url: 'https://example.com/runbook' })];
	// Throws if a record would be skipped as invalid, which would make the test prove nothing.
	createTLStore({ schema: canvasSchema }).put(records);
	return records;
}

/** Drops a PNG file on the canvas, as a person dragging an image from their desktop would. */
async function dropImage(page: Page): Promise<void> {
	const point = await at(page, 0.5, 0.5);
	await canvas(page)
		.locator('.tl-canvas')
		.evaluate(
			(element, { base64, x, y }) => {
				const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
				const data = new DataTransfer();
				data.items.add(new File([bytes], 'diagram.png', { type: 'image/png' }));
				element.dispatchEvent(new DragEvent('drop', { dataTransfer: data, clientX: x, clientY: y, bubbles: true, cancelable: true }));
			},
			{ base64: PIXEL.toString('base64'), x: point.x, y: point.y }
		);
}

test('W1: every page is sent with a strict CSP header, and the home page, the board and the canvas work under it without a single violation', async ({ browser, page, baseURL }) => {
	const violations = await watchCsp(page.context());
	const home = await page.goto('/');
	const links = await createBoardFromHome(page, 'Under a policy');

	const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
	const boardViolations = await watchCsp(context);
	const fay = await context.newPage();
	const response = await fay.goto(links.facilitator);
	await fay.getByLabel('Display name').fill('Fay');
	await fay.getByRole('button', { name: 'Join the board' }).click();
	// The websocket is up: connect-src 'self' covers ws: of this host.
	await expect(fay.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');

	for (const answer of [home!, response!]) {
		const headers = answer.headers();
		expect(headers['x-frame-options']).toBe('DENY');
		expect(headers['referrer-policy']).toBe('no-referrer');
		expect(headers['x-content-type-options']).toBe('nosniff');
		const csp = directives(headers['content-security-policy'] ?? '');
		expect(csp['default-src']).toEqual(["'self'"]);
		expect(csp['script-src'][0]).toBe("'self'");
		// Only our own files and SvelteKit's hashed start-up script run.
		for (const source of csp['script-src'].slice(1)) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/=]+'$/);
		expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
		expect(csp['media-src']).toEqual(["'self'", 'data:', 'blob:']);
		expect(csp['font-src']).toEqual(["'self'", 'data:']);
		expect(csp['connect-src']).toEqual(["'self'", 'data:']);
		expect(csp['frame-ancestors']).toEqual(["'none'"]);
		expect(csp['object-src']).toEqual(["'none'"]);
		expect(csp['base-uri']).toEqual(["'none'"]);
		expect(csp['form-action']).toEqual(["'self'"]);
	}

	// The board: a timeline entry; the canvas: a card, a rectangle, a dropped image, the picture upload.
	await addTimelineEntry(fay, '2026-01-05T14:02', 'trigger', 'Deploy 4512 started');
	await expect.poll(() => timelineDescriptions(fay)).toEqual(['Deploy 4512 started']);
	await openCanvas(fay);
	await drawRectangle(fay, await at(fay, 0.1, 0.2), await at(fay, 0.3, 0.4));
	await dropImage(fay);
	const dropped = shapes(fay, 'image').locator('img');
	await expect(dropped).toHaveCount(1);
	// Stored as data in the board, not as an address. (tldraw may briefly render a second <img>
	// while it swaps in the loaded picture: every one of them must be data.)
	const sources = await dropped.evaluateAll((images) => images.map((img) => img.getAttribute('src') ?? ''));
	expect(sources.length).toBeGreaterThan(0);
	for (const src of sources) expect(src).toMatch(/^(data|blob):/);
	await expect
		.poll(async () => (await fetch(`${baseURL}/api/boards/${boardIdOf(links.facilitator)}/canvas.svg`, { headers: { authorization: `Bearer ${secretOf(links.facilitator)}` } })).status, { timeout: 15_000 })
		.toBe(200);
	// The export dialog and its preview (a sandboxed srcdoc frame) open under the policy too.
	await fay.getByRole('button', { name: 'Export writeup' }).click();
	await expect(fay.getByTestId('export-preview')).toHaveAttribute('srcdoc', /<h1>Under a policy<\/h1>/);
	await expect(fay.getByTestId('export-preview')).toBeVisible();

	expect(violations).toEqual([]);
	expect(boardViolations).toEqual([]);
	await context.close();
});

test('W1: another page cannot show a board in a frame', async ({ browser, page, baseURL }) => {
	const links = await createBoardFromHome(page, 'Not in a frame');
	const host = await (await browser.newContext()).newPage();
	// The load event waits for the frame too, whether its page was shown or refused.
	await host.setContent(`<iframe id="board" src="${links.participant}" width="800" height="600"></iframe>`, { waitUntil: 'load' });
	const framed = host.frames().find((frame) => frame !== host.mainFrame())!;
	// The browser refused to render it: an error page instead of ours, none of our markup inside.
	expect(framed.url()).not.toContain(new URL(baseURL!).host);
	await expect(host.frameLocator('#board').getByRole('link', { name: 'Debrief' })).toHaveCount(0);
});

test('W3: a canvas asset with an outside address, written by another client, makes no viewer fetch anything from another host', async ({ browser, baseURL }) => {
	const tracker = await startTracker();
	const log = new RequestLog();
	const setup = await browser.newPage();
	const links = await createBoardFromHome(setup, 'No tracking pixels');
	await setup.context().close();

	// Another client (not a Debrief page) writes the records straight into the board document.
	const other = await connectOtherClient(baseURL!, links.participant);
	const { doc } = other;
	try {
		doc.transact(() => {
			canvasMeta(doc).set('schema', canvasSchema.serialize());
			for (const record of remoteAssetRecords(tracker.origin)) canvasRecords(doc).set(record.id, record);
		});

		const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
		log.record(context);
		const violations = await watchCsp(context);
		const viewer = await context.newPage();
		await viewer.goto(links.observer);
		await expect(viewer.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
		await openCanvas(viewer);
		// The shapes are there (the records were accepted), their outside pictures are not.
		await expect(shapes(viewer, 'image')).toHaveCount(1);
		await expect(shapes(viewer, 'bookmark')).toHaveCount(1);
		await expect(shapes(viewer, 'bookmark')).toContainText('Runbook');
		await viewer.waitForLoadState('networkidle');
		const sources = await canvas(viewer).locator('img').evaluateAll((images) => images.map((img) => (img as HTMLImageElement).src));
		expect(sources.filter((src) => src.startsWith(tracker.origin))).toEqual([]);
		expect(tracker.hits).toEqual([]);
		expect(log.hosts()).toEqual([new URL(baseURL!).host]);
		expect(violations).toEqual([]);
	} finally {
		other.destroy();
		tracker.server.close();
	}
});

test("W4: the home page's forms refuse a post from another site", async ({ page, request }) => {
	await page.goto('/');
	for (const action of ['create', 'import']) {
		const answer = await request.post(`/?/${action}`, { headers: { origin: 'http://evil.example' }, form: { title: 'Made by another site' } });
		expect(answer.status(), action).toBe(403);
	}
	// Same scheme, host and port: the form works.
	const own = await request.post('/?/create', { headers: { origin: new URL(page.url()).origin }, form: { title: 'Ours' } });
	expect(own.status()).toBe(200);
});

test('W6: replacing the facilitator link from one of two screens: that screen moves to the new link and carries on; the other is disconnected and says why', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Leaked facilitator link');
	const fay = await openAs(browser, links.facilitator, 'Fay');
	const leaked = await openAs(browser, links.facilitator, 'Mallory');
	const ann = await openAs(browser, links.participant, 'Ann');

	await panel(fay).getByRole('button', { name: 'Replace the facilitator link' }).click();
	await expect(leaked.getByTestId('connection-status')).toHaveAttribute('data-status', 'closed', { timeout: 5_000 });
	await expect(leaked.getByTestId('connection-status')).toContainText('replaced this link');

	const newLink = await panel(fay).getByTestId('new-link-facilitator').inputValue();
	expect(newLink).toMatch(/\/b\/[A-Za-z0-9_-]+#k=[A-Za-z0-9_-]{22,}$/);
	expect(newLink).not.toBe(links.facilitator);
	// The rotating screen's address now carries the new key, and it is connected with it.
	await expect.poll(() => new URL(fay.url()).hash).toBe(new URL(newLink).hash);
	await expect(fay.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	await expect(ann.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');

	// Fay still facilitates: a lock (control document) and an edit (board) reach Ann.
	await panel(fay).getByRole('button', { name: 'Lock Timeline' }).click();
	await expect(section(ann, 'Timeline').getByTestId('lock-badge')).toBeVisible();
	await addTimelineEntry(fay, '2026-01-05T14:02', 'trigger', 'After the new link');
	await expect.poll(() => timelineDescriptions(ann)).toEqual(['After the new link']);
	// Her server calls use the new key too.
	await panel(fay).getByRole('button', { name: 'Replace the observer link' }).click();
	await expect(panel(fay).getByTestId('new-link-observer')).toHaveValue(/#k=/);

	// A reload of Fay's screen opens the board as facilitator; the old link opens nothing.
	await fay.reload();
	await expect(fay.getByTestId('facilitator-panel')).toBeVisible();
	await expect(fay.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	const late = await (await browser.newContext()).newPage();
	await late.goto(links.facilitator);
	await expect(late.getByTestId('access-problem')).toContainText('does not open this board');
});
