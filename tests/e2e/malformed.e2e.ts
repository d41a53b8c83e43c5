/**
 * E1 and E3 in the browser: a board stored with malformed records (any value at every place of
 * the document) and a bogus canvas schema marker opens without a page error, shows its good
 * records, keeps the canvas writable and exports. The server refuses such writes from clients
 * today (S1–S6), so the board is one stored before it did: written straight into storage.
 */
import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import { canvasMeta } from '../../src/lib/board/schema.ts';
import { readBoard } from '../../src/lib/board/board.ts';
import { GOOD, WRONG_VALUES, positions, writeGoodRecords } from '../fixtures/malformed-board.ts';
import { openAs, rawClient, section } from './helpers.ts';
import { openCanvas, useOwnServer } from './canvas-helpers.ts';

const own = useOwnServer();

test('E1: a board with malformed records everywhere opens without a page error, shows the good records and exports; E3: a bogus canvas schema leaves the canvas writable', async ({ browser }) => {
	// A server of its own, restarted once, and the canvas loaded on demand: slow on a busy machine.
	test.slow();
	const server = own.current;
	const { id, links } = await server.createBoard(GOOD.title);
	const stored = new Y.Doc();
	const ids = writeGoodRecords(stored);
	stored.transact(() => {
		for (const position of positions().filter((p) => p.doc === 'board')) for (const [, make] of WRONG_VALUES) position.put(stored, make(), ids);
		canvasMeta(stored).set('schema', { schemaVersion: 99 });
	});
	await server.storeWhileStopped(id, Y.encodeStateAsUpdate(stored));

	const errors: string[] = [];
	const ana = await openAs(browser, links.participant, 'Ana');
	ana.on('pageerror', (error) => errors.push(error.message));
	const values = (heading: string) => section(ana, heading).getByRole('textbox').evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value));
	for (const [heading, good] of [['What went well', GOOD.wentWell], ['Where we got lucky', GOOD.lucky], ['Timeline', GOOD.timeline], ['Contributing factors', GOOD.factor], ['Action items', GOOD.action]]) {
		await expect.poll(() => values(heading), heading).toContain(good);
	}

	// The canvas loads (tldraw is fetched on demand; slow on a busy machine) and stays writable.
	await openCanvas(ana);
	await expect(ana.getByRole('button', { name: 'Add a factor card' })).toBeEnabled();
	await expect(ana.getByTestId('canvas-notice')).toHaveCount(0);

	// The page kept working: an edit made on it reaches another client.
	const { doc, destroy } = await rawClient(server.url, links.participant);
	try {
		await section(ana, 'What went well').getByRole('textbox').first().fill(`${GOOD.wentWell}, still`);
		await expect.poll(() => readBoard(doc).wentWell[0]?.text).toBe(`${GOOD.wentWell}, still`);
	} finally {
		destroy();
	}

	await ana.getByRole('button', { name: 'Export writeup' }).click();
	await expect(ana.getByTestId('export-preview')).toHaveAttribute('srcdoc', new RegExp(`${GOOD.factor}[\\s\\S]*${GOOD.action}`));
	expect(errors).toEqual([]);
});
