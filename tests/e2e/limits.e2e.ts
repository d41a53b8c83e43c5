/**
 * The board's size limits as a person meets them (S3 in docs/protocol.md): a paste longer than
 * a field may hold is cut to fit in the browser, so the server never has to refuse it and
 * nobody is disconnected.
 */
import { expect, test } from '@playwright/test';
import { SHORT_TEXT_CHARS } from '../../src/lib/board/shape.ts';
import { createBoardFromHome, openWith, section } from './helpers.ts';

test('S3: pasting more than a field holds keeps what fits, live for everyone, and stays connected', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Limits');
	const ana = await openWith(browser, links.participant, 'Ana', {});
	const ben = await openWith(browser, links.participant, 'Ben', {});
	const services = (p: typeof ana) => section(p, 'Incident').getByLabel('Services affected');
	await services(ana).click();
	// A pasted list far longer than one line, as people do paste.
	await ana.keyboard.insertText('checkout-api, '.repeat(Math.ceil((SHORT_TEXT_CHARS + 1_000) / 14)));
	await expect.poll(async () => (await services(ana).inputValue()).length).toBe(SHORT_TEXT_CHARS);
	await expect.poll(async () => (await services(ben).inputValue()).length).toBe(SHORT_TEXT_CHARS);
	for (const person of [ana, ben]) await expect(person.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	await expect(ana.getByTestId('save-status')).toHaveAttribute('data-save', 'saved');
});
