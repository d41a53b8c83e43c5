/**
 * E1 and E3 in the browser: a board another client filled with malformed records (any value
 * at every place of the document) and a bogus canvas schema marker opens without a page
 * error, shows its good records, keeps the canvas writable and exports.
 */
import { expect, test } from '@playwright/test';
import { canvasMeta } from '../../src/lib/board/canvas.ts';
import { readBoard } from '../../src/lib/board/board.ts';
import { GOOD, WRONG_VALUES, positions, writeGoodRecords } from '../fixtures/malformed-board.ts';
import { createBoardFromHome, openAs, rawClient, section } from './helpers.ts';

test('E1: a board with malformed records everywhere opens without a page error, shows the good records and exports; E3: a bogus canvas schema leaves the canvas writable', async ({ browser, page, baseURL }) => {
	const links = await createBoardFromHome(page, GOOD.title);
	const { doc, destroy } = await rawClient(baseURL!, links.participant);
	try {
		const ids = writeGoodRecords(doc);
		doc.transact(() => {
			for (const position of positions().filter((p) => p.doc === 'board')) for (const [, make] of WRONG_VALUES) position.put(doc, make(), ids);
			canvasMeta(doc).set('schema', { schemaVersion: 99 });
		});

		const errors: string[] = [];
		const ana = await openAs(browser, links.participant, 'Ana');
		ana.on('pageerror', (error) => errors.push(error.message));
		const values = (heading: string) => section(ana, heading).getByRole('textbox').evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value));
		for (const [heading, good] of [['What went well', GOOD.wentWell], ['Where we got lucky', GOOD.lucky], ['Timeline', GOOD.timeline], ['Contributing factors', GOOD.factor], ['Action items', GOOD.action]]) {
			await expect.poll(() => values(heading), heading).toContain(good);
		}

		await ana.locator('#section-canvas').scrollIntoViewIfNeeded();
		await expect(ana.getByRole('button', { name: 'Add a factor card' })).toBeEnabled();
		await expect(ana.getByTestId('canvas-notice')).toHaveCount(0);

		// The page kept working: an edit made on it reaches the other client.
		await section(ana, 'What went well').getByRole('textbox').first().fill(`${GOOD.wentWell}, still`);
		await expect.poll(() => readBoard(doc).wentWell[0]?.text).toBe(`${GOOD.wentWell}, still`);

		await ana.getByRole('button', { name: 'Export writeup' }).click();
		await expect(ana.getByTestId('export-preview')).toHaveAttribute('srcdoc', new RegExp(`${GOOD.factor}[\\s\\S]*${GOOD.action}`));
		expect(errors).toEqual([]);
	} finally {
		destroy();
	}
});
