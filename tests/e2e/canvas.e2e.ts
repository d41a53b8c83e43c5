/**
 * The factor canvas with real people in their own browser contexts: drawing together, factor
 * cards and the factor list as two views of the same factors, causal links in the writeup,
 * the picture for the export, reloads, observers, a server killed mid-meeting — and no request
 * to any host but Debrief's own while the board is in use.
 */
import { expect, test, type Page } from '@playwright/test';
import { canvasMeta, canvasRecords } from '../../src/lib/board/schema.ts';
import { readFactors } from '../../src/lib/board/factors.ts';
import { canvasSchema } from '../../src/lib/canvas/canvas-schema.ts';
import * as Y from 'yjs';
import { addFactor, createBoardFromHome } from './helpers.ts';
import {
	useOwnServer,
	RequestLog,
	addCardOnCanvas,
	boardIdOf,
	connectOtherClient,
	secretOf,
	at,
	canvas,
	card,
	cards,
	clickCard,
	drawArrow,
	drawRectangle,
	factorTitles,
	openCanvas,
	openRecorded,
	shapes
} from './canvas-helpers.ts';


function api(base: string, link: string, path: string): Promise<Response> {
	return fetch(`${base}/api/boards/${boardIdOf(link)}/${path}`, { headers: { authorization: `Bearer ${secretOf(link)}` } });
}

test('two people draw and link two factors with an arrow; each sees the other’s work and cursor and undoes only their own; the writeup gets the link and the picture', async ({ browser, page, baseURL }) => {
	const log = new RequestLog();
	log.record(page.context());
	const links = await createBoardFromHome(page, 'Checkout outage: the canvas');
	const alice = await openRecorded(browser, log, links.facilitator, 'Alice');
	const bob = await openRecorded(browser, log, links.participant, 'Bob');

	// Factors named in the list get their cards on every open canvas.
	await addFactor(alice, 'Connection pool exhausted', 'technical');
	await addFactor(bob, 'No alert on pool saturation', 'detection/monitoring');
	await openCanvas(alice);
	await openCanvas(bob);
	for (const person of [alice, bob]) {
		await expect(cards(person)).toHaveCount(2);
		await expect(card(person, 'Connection pool exhausted')).toContainText('technical');
		await expect(card(person, 'No alert on pool saturation')).toContainText('detection/monitoring');
	}

	// Alice draws a rectangle while Bob draws an arrow between the two cards.
	await drawRectangle(alice, await at(alice, 0.55, 0.6), await at(alice, 0.75, 0.8));
	await drawArrow(bob, card(bob, 'No alert on pool saturation'), card(bob, 'Connection pool exhausted'));
	for (const person of [alice, bob]) {
		await expect(shapes(person, 'geo')).toHaveCount(1);
		await expect(shapes(person, 'arrow')).toHaveCount(1);
	}

	// Each sees the other's cursor, named as in the presence bar (V1, V2 in docs/schema.md).
	const bobAt = await at(bob, 0.4, 0.85);
	await bob.mouse.move(bobAt.x, bobAt.y, { steps: 3 });
	await expect(canvas(alice).locator('.tl-nametag', { hasText: 'Bob' })).toBeVisible();
	const aliceAt = await at(alice, 0.3, 0.9);
	await alice.mouse.move(aliceAt.x, aliceAt.y, { steps: 3 });
	await expect(canvas(bob).locator('.tl-nametag', { hasText: 'Alice' })).toBeVisible();

	// Alice's Ctrl+Z in the canvas undoes her rectangle, not Bob's arrow.
	await alice.keyboard.press('ControlOrMeta+z');
	for (const person of [alice, bob]) {
		await expect(shapes(person, 'geo')).toHaveCount(0);
		await expect(shapes(person, 'arrow')).toHaveCount(1);
	}

	// The arrow is a causal link the writeup (rendered by the server) states in words.
	await expect
		.poll(async () => (await api(baseURL!, links.participant, 'export.md')).text())
		.toContain('No alert on pool saturation contributed to Connection pool exhausted');

	// One of them uploaded the picture a few seconds after the last change; anyone may read it.
	await expect.poll(async () => (await api(baseURL!, links.observer, 'canvas.svg')).status, { timeout: 20_000 }).toBe(200);
	const picture = await api(baseURL!, links.observer, 'canvas.svg');
	expect(picture.headers.get('content-type')).toBe('image/svg+xml');
	const svg = await picture.text();
	expect(svg).toMatch(/^<svg /);
	await expect.poll(async () => (await api(baseURL!, links.observer, 'canvas.svg')).text(), { timeout: 20_000 }).toContain('Connection pool exhausted');
	expect(svg).not.toMatch(/<foreignObject|<script/i);

	// Nothing was fetched from anywhere but Debrief itself: no CDN fonts, icons or translations.
	expect(log.hosts()).toEqual([new URL(baseURL!).host]);
});

test('a factor made on the canvas is in the list and the other way round; deleting either removes both; undo in the canvas undoes only the canvas', async ({ browser, page, baseURL }) => {
	const log = new RequestLog();
	log.record(page.context());
	const links = await createBoardFromHome(page, 'Factors both ways');
	const alice = await openRecorded(browser, log, links.participant, 'Alice');
	const bob = await openRecorded(browser, log, links.participant, 'Bob');
	await openCanvas(alice);
	await openCanvas(bob);

	// Made on the canvas → in the list, for everyone.
	await addCardOnCanvas(alice, 'Retries without backoff');
	await expect.poll(() => factorTitles(bob)).toEqual(['Retries without backoff']);
	await expect(card(bob, 'Retries without backoff')).toBeVisible();

	// Made in the list → a card on the canvas; list edits show on the card.
	const listed = await addFactor(bob, 'Runbook out of date', 'documentation');
	await expect(card(alice, 'Runbook out of date')).toContainText('documentation');
	await listed.getByRole('textbox', { name: /^Factor \d+$/ }).fill('Runbook for pool resizing out of date');
	await expect(card(alice, 'Runbook for pool resizing out of date')).toBeVisible();

	// Deleted in the list → its card goes.
	await listed.getByRole('button', { name: /^Delete factor/ }).click();
	await expect(cards(alice)).toHaveCount(1);
	await expect(cards(bob)).toHaveCount(1);

	// A board edit first: the canvas's undo must leave it alone.
	const summary = alice.locator('#field-summary');
	await summary.fill('Checkout failed for 40 minutes.');

	// Deleted on the canvas → the factor goes; Ctrl+Z in the canvas brings both back.
	await clickCard(alice, 'Retries without backoff');
	await alice.keyboard.press('Delete');
	await expect(cards(bob)).toHaveCount(0);
	await expect.poll(() => factorTitles(bob)).toEqual([]);
	await alice.keyboard.press('ControlOrMeta+z');
	await expect.poll(() => factorTitles(bob)).toEqual(['Retries without backoff']);
	await expect(card(bob, 'Retries without backoff')).toBeVisible();
	await expect(summary).toHaveValue('Checkout failed for 40 minutes.');

	// And Ctrl+Z in a board field is the board's undo, which leaves the canvas alone.
	await summary.click();
	await alice.keyboard.press('ControlOrMeta+z');
	await expect(summary).toHaveValue('');
	await expect(cards(alice)).toHaveCount(1);

	expect(log.hosts()).toEqual([new URL(baseURL!).host]);
});

test('a reload keeps the canvas, and an observer sees it but cannot change it', async ({ browser, page, baseURL }) => {
	const log = new RequestLog();
	log.record(page.context());
	const links = await createBoardFromHome(page, 'Reload and observe');
	const alice = await openRecorded(browser, log, links.facilitator, 'Alice');
	await openCanvas(alice);
	await addCardOnCanvas(alice, 'Deploy during peak');
	await drawRectangle(alice, await at(alice, 0.1, 0.1), await at(alice, 0.25, 0.3));
	await expect(shapes(alice, 'geo')).toHaveCount(1);

	await alice.reload();
	await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	await openCanvas(alice);
	await expect(shapes(alice, 'geo')).toHaveCount(1);
	await expect(card(alice, 'Deploy during peak')).toBeVisible();

	const observer = await openRecorded(browser, log, links.observer, null);
	await openCanvas(observer);
	await expect(shapes(observer, 'geo')).toHaveCount(1);
	await expect(card(observer, 'Deploy during peak')).toBeVisible();
	// tldraw's read-only mode: no drawing tools, no way to add cards.
	await expect(observer.getByRole('button', { name: 'Add a factor card' })).toHaveCount(0);
	await expect(canvas(observer).getByTestId('tools.rectangle')).toHaveCount(0);
	await expect(canvas(observer).getByTestId('tools.select')).toBeVisible();
	// Selecting and pressing Delete changes nothing, here or for Alice.
	await clickCard(observer, 'Deploy during peak');
	await observer.keyboard.press('Delete');
	await observer.keyboard.press('Backspace');
	await expect(observer.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	await expect(card(observer, 'Deploy during peak')).toBeVisible();
	// A change by Alice still reaches the observer, so nothing of the observer's went anywhere.
	await drawRectangle(alice, await at(alice, 0.5, 0.1), await at(alice, 0.65, 0.3));
	await expect(shapes(observer, 'geo')).toHaveCount(2);
	await expect(card(alice, 'Deploy during peak')).toBeVisible();
	await expect(card(observer, 'Deploy during peak')).toBeVisible();

	expect(log.hosts()).toEqual([new URL(baseURL!).host]);
});

test('drawing before the first sync is kept: offline, after a reload, it reaches the others once the connection returns', async ({ browser, page, baseURL }) => {
	const log = new RequestLog();
	log.record(page.context());
	const links = await createBoardFromHome(page, 'Offline canvas');
	const alice = await openRecorded(browser, log, links.participant, 'Alice');
	await openCanvas(alice);
	await addCardOnCanvas(alice, 'Cache stampede');
	// The service worker has kept the app (including the canvas) once the page is remembered.
	await expect.poll(() => alice.evaluate(async () => (await caches.match(location.pathname)) !== undefined)).toBe(true);

	await alice.context().setOffline(true);
	await alice.reload();
	await openCanvas(alice);
	await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-status', /offline|reconnecting|connecting/);
	await expect(card(alice, 'Cache stampede')).toBeVisible();
	// Drawn in a session that has not synced with the server yet.
	await drawRectangle(alice, await at(alice, 0.6, 0.15), await at(alice, 0.8, 0.35));
	await expect(shapes(alice, 'geo')).toHaveCount(1);

	await alice.context().setOffline(false);
	await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
	const bob = await openRecorded(browser, log, links.participant, 'Bob');
	await openCanvas(bob);
	await expect(shapes(bob, 'geo')).toHaveCount(1);
	await expect(card(bob, 'Cache stampede')).toBeVisible();

	expect(log.hosts()).toEqual([new URL(baseURL!).host]);
});

test.describe('with a server of its own', () => {
	const own = useOwnServer();

	test('the canvas is stored: after the server is killed and started again, the page reconnects and a newcomer sees it', async ({ browser }) => {
		const log = new RequestLog();
		const server = own.current;
		const { links } = await server.createBoard('Server restart');
		const alice = await openRecorded(browser, log, links.participant, 'Alice');
		await openCanvas(alice);
		await addCardOnCanvas(alice, 'Disk filled up');
		await drawRectangle(alice, await at(alice, 0.55, 0.2), await at(alice, 0.7, 0.4));
		// Seen by someone else means stored (the server stores an update before relaying it).
		const bob = await openRecorded(browser, log, links.participant, 'Bob');
		await openCanvas(bob);
		await expect(shapes(bob, 'geo')).toHaveCount(1);
		await expect(card(bob, 'Disk filled up')).toBeVisible();
		await bob.context().close();

		await server.kill();
		await expect(alice.getByTestId('connection-status')).not.toHaveAttribute('data-status', 'connected');
		await server.start();
		await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });

		// Someone with an empty browser gets the canvas from the restarted server.
		const carol: Page = await openRecorded(browser, log, links.participant, 'Carol');
		await openCanvas(carol);
		await expect(shapes(carol, 'geo')).toHaveCount(1);
		await expect(card(carol, 'Disk filled up')).toBeVisible();
		// And drawing goes on after the restart.
		await drawRectangle(alice, await at(alice, 0.1, 0.6), await at(alice, 0.25, 0.8));
		await expect(shapes(carol, 'geo')).toHaveCount(2);

		expect(log.hosts()).toEqual([`localhost:${server.port}`]);
	});
	test('a canvas saved by a newer Debrief (the server was since downgraded) is shown read-only with a message, and left untouched', async ({ browser }) => {
		const log = new RequestLog();
		const server = own.current;
		const { id, links } = await server.createBoard('From the future');
		// The board was last written by a newer version: its canvas schema knows a note shape
		// version this code does not. (A live client cannot write that: the server refuses it, S5.)
		const future = { schemaVersion: 2, sequences: { ...canvasSchema.serialize().sequences, 'com.tldraw.shape.note': 999 } };
		const newer = new Y.Doc();
		canvasMeta(newer).set('schema', future);
		await server.storeWhileStopped(id, Y.encodeStateAsUpdate(newer));

		const alice = await openRecorded(browser, log, links.participant, 'Alice');
		await alice.locator('#section-canvas').scrollIntoViewIfNeeded();
		await expect(alice.getByTestId('canvas-notice')).toContainText('saved by a newer version of Debrief');
		await expect(alice.getByRole('button', { name: 'Add a factor card' })).toBeDisabled();
		// Nothing this older screen does changes what the newer version stored.
		await addFactor(alice, 'Clock skew', 'technical');
		const other = await connectOtherClient(server.url, links.participant);
		try {
			await expect.poll(() => readFactors(other.doc).map((f) => f.title)).toEqual(['Clock skew']);
			expect(canvasMeta(other.doc).get('schema')).toEqual(future);
			expect([...canvasRecords(other.doc).keys()]).toEqual([]);
		} finally {
			other.destroy();
		}
		expect(log.hosts()).toEqual([`localhost:${server.port}`]);
	});
});
