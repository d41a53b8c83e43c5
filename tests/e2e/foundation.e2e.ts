import { expect, test } from '@playwright/test';
import { addTimelineEntry, createBoardFromHome, openAs, timelineDescriptions } from './helpers.ts';

test('two people co-edit the timeline live, a reload keeps it, an observer only watches', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Checkout errors after deploy');
	expect(links.participant).toMatch(/\/b\/[A-Za-z0-9_-]+#k=[A-Za-z0-9_-]{22,}$/);
	expect(new Set(Object.values(links)).size).toBe(3);

	const alice = await openAs(browser, links.facilitator, 'Alice');
	const bob = await openAs(browser, links.participant, 'Bob');
	await expect(alice.locator('#board-title')).toHaveValue('Checkout errors after deploy');

	// Each sees the other in the presence bar.
	await expect(alice.getByTestId('presence')).toContainText('Bob');
	await expect(bob.getByTestId('presence')).toContainText('Alice');

	await addTimelineEntry(alice, '2026-01-05T14:10', 'detection', 'Error-rate alert fired');
	await addTimelineEntry(bob, '2026-01-05T14:02', 'trigger', 'Deploy 4512 started');

	// Both see both entries, sorted by time whoever added them.
	const expected = ['Deploy 4512 started', 'Error-rate alert fired'];
	await expect.poll(() => timelineDescriptions(alice)).toEqual(expected);
	await expect.poll(() => timelineDescriptions(bob)).toEqual(expected);
	// Each sees that their own edits reached the server's storage.
	await expect(alice.getByTestId('save-status')).toHaveAttribute('data-save', 'saved');
	await expect(bob.getByTestId('save-status')).toHaveAttribute('data-save', 'saved');

	// A live edit of a description reaches the other person.
	const bobDescription = bob.getByTestId('timeline-entry').nth(1).getByLabel('Description');
	await bobDescription.click();
	await bobDescription.press('End');
	await bobDescription.pressSequentially(' (p99 > 2s)');
	await expect.poll(() => timelineDescriptions(alice)).toEqual(['Deploy 4512 started', 'Error-rate alert fired (p99 > 2s)']);

	// A reload shows everything.
	await alice.reload();
	await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	await expect.poll(() => timelineDescriptions(alice)).toEqual(['Deploy 4512 started', 'Error-rate alert fired (p99 > 2s)']);

	// The observer sees the board, cannot edit it, and is not shown to the others.
	const observer = await openAs(browser, links.observer, null);
	await expect(observer.getByTestId('read-only-badge')).toBeVisible();
	await expect(observer.getByTestId('save-status')).toHaveCount(0);
	await expect.poll(() => timelineDescriptions(observer)).toEqual(['Deploy 4512 started', 'Error-rate alert fired (p99 > 2s)']);
	await expect(observer.getByRole('form', { name: 'Add a timeline entry' })).toHaveCount(0);
	await expect(observer.locator('#board-title')).toHaveAttribute('readonly', '');
	await expect(alice.getByTestId('presence').getByRole('listitem')).toHaveCount(2);
});

test('an unknown board is a 404 page and a link without a valid key is explained', async ({ page, browser }) => {
	const response = await page.goto('/b/NoSuchBoard0000');
	expect(response?.status()).toBe(404);
	await expect(page.getByTestId('error-page')).toContainText('Board not found');

	const links = await createBoardFromHome(page, 'Key checks');
	const bare = links.participant.split('#')[0];
	const other = await (await browser.newContext()).newPage();
	await other.goto(bare);
	await expect(other.getByTestId('access-problem')).toContainText('missing its key');
	await other.goto(`${bare}#k=AAAAAAAAAAAAAAAAAAAAAA`);
	await other.reload();
	await expect(other.getByTestId('access-problem')).toContainText('does not open this board');
});
