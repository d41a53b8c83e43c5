import { expect, test } from '@playwright/test';
import { addTimelineEntry, createBoardFromHome, openAs, timelineDescriptions } from './helpers.ts';

test('a board reloads offline from the local copy, and offline edits merge on reconnect', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Offline review');
	const carol = await openAs(browser, links.participant, 'Carol');
	const dave = await openAs(browser, links.participant, 'Dave');

	await addTimelineEntry(carol, '2026-02-01T09:00', 'trigger', 'Config push');
	await expect.poll(() => timelineDescriptions(dave)).toEqual(['Config push']);
	// The service worker must have kept the page before the network goes away.
	await expect.poll(() => carol.evaluate(async () => (await caches.match(location.pathname)) !== undefined)).toBe(true);

	await carol.context().setOffline(true);
	await carol.reload();
	await expect(carol.getByTestId('board')).toBeVisible();
	await expect.poll(() => timelineDescriptions(carol)).toEqual(['Config push']);
	await expect(carol.getByTestId('connection-status')).toHaveAttribute('data-status', /offline|reconnecting/);

	await addTimelineEntry(carol, '2026-02-01T09:05', 'detection', 'Pager went off');
	await carol.context().setOffline(false);

	await expect(carol.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected', { timeout: 15_000 });
	await expect.poll(() => timelineDescriptions(dave), { timeout: 15_000 }).toEqual(['Config push', 'Pager went off']);
});
