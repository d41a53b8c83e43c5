/**
 * Facilitating a live postmortem, with several people in their own browser contexts:
 * spotlight and follow, a timer that agrees across skewed clocks, dot voting, silent writing
 * with anonymous notes, replacing a link, and locking a section.
 */
import { expect, test, type Page } from '@playwright/test';
import {
	addFactor,
	addTimelineEntry,
	clockSkew,
	createBoardFromHome,
	displayedSeconds,
	nextFrames,
	openAs,
	openSkewed,
	personRow,
	remainingMs,
	section,
	timelineDescriptions,
	voteFor,
	voteRow
} from './helpers.ts';

const panel = (page: Page) => page.getByTestId('facilitator-panel');

test('the facilitator brings followers to a section; someone who stopped following stays where they are', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Spotlight and follow');
	const fay = await openAs(browser, links.facilitator, 'Fay');
	const ann = await openAs(browser, links.participant, 'Ann');
	const ben = await openAs(browser, links.participant, 'Ben');

	// Ben stops following and goes to the timeline on his own.
	await ben.getByTestId('follow-toggle').uncheck();
	await ben.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /^Timeline/ }).click();
	await expect(ben.locator('#heading-timeline')).toBeInViewport();
	// The facilitator sees who is not following; Ann still follows.
	await expect(personRow(fay, 'Ben')).toContainText('not following');
	await expect(personRow(fay, 'Ben')).toContainText('in Timeline');
	await expect(personRow(fay, 'Ann')).toBeVisible();
	await expect(personRow(fay, 'Ann')).not.toContainText('not following');

	// Action items start out of sight for both.
	await expect(ann.locator('#heading-actions')).not.toBeInViewport();
	await expect(ben.locator('#heading-actions')).not.toBeInViewport();
	// Where Ben's view is: the timeline heading's distance from the top of the window. (Not
	// scrollY: the meeting bar grows when the timer appears and the browser's scroll anchoring
	// then shifts scrollY by a few pixels to keep what Ben is reading where it was.)
	const timelineTop = () => ben.locator('#heading-timeline').evaluate((el) => el.getBoundingClientRect().top);
	const benTop = await timelineTop();

	await panel(fay).getByRole('button', { name: 'Bring everyone to Action items' }).click();

	// Ann is brought there, with a banner saying why.
	await expect(ann.getByTestId('spotlight-banner')).toBeVisible();
	await expect(ann.getByTestId('spotlight-banner')).toContainText('Action items');
	await expect(ann.locator('#heading-actions')).toBeInViewport();
	await expect(ann.getByTestId('current-section')).toHaveText('Action items');
	await expect(personRow(fay, 'Ann')).toContainText('in Action items');

	// Ben got the news (the meeting bar moved on) but his view did not move.
	await expect(ben.getByTestId('current-section')).toHaveText('Action items');
	await nextFrames(ben);
	await expect(ben.getByTestId('spotlight-banner')).toHaveCount(0);
	expect(Math.abs((await timelineTop()) - benTop)).toBeLessThan(2);
	await expect(ben.locator('#heading-timeline')).toBeInViewport();
	await expect(ben.locator('#heading-actions')).not.toBeInViewport();
	await expect(personRow(fay, 'Ben')).toContainText('in Timeline');
	await expect(personRow(fay, 'Ben')).toContainText('not following');
	// The facilitator is not moved by their own spotlight and gets no banner.
	await expect(fay.getByTestId('spotlight-banner')).toHaveCount(0);

	// Once Ben follows again, the next spotlight brings him along too.
	await ben.getByTestId('follow-toggle').check();
	await expect(personRow(fay, 'Ben')).not.toContainText('not following');
	await panel(fay).getByRole('button', { name: 'Bring everyone to Contributing factors' }).click();
	await expect(ben.getByTestId('spotlight-banner')).toContainText('Contributing factors');
	await expect(ben.locator('#heading-factors')).toBeInViewport();
	await expect(ann.locator('#heading-factors')).toBeInViewport();
});

test('F3: a participant whose clock is ten minutes fast sees the same countdown as the facilitator', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Timer across clocks');
	const fay = await openAs(browser, links.facilitator, 'Fay');
	const skewed = await openSkewed(browser, links.participant, 'Sam', 10 * 60_000);

	// The skew is real: Sam's Date.now() is ten minutes ahead, Fay's is not.
	expect(Math.abs((await clockSkew(skewed)) - 10 * 60_000)).toBeLessThan(5_000);
	expect(Math.abs(await clockSkew(fay))).toBeLessThan(5_000);

	await panel(fay).getByRole('button', { name: 'Start', exact: true }).click();
	await expect(fay.getByTestId('timer')).toBeVisible();
	await expect(skewed.getByTestId('timer')).toBeVisible();

	// Read at nearly the same moment, both show the same remaining time (within a second).
	await expect
		.poll(async () => {
			const [a, b] = await Promise.all([remainingMs(fay), remainingMs(skewed)]);
			return a !== null && b !== null && a > 0 ? Math.abs(a - b) : Infinity;
		})
		.toBeLessThan(1_000);
	await expect
		.poll(async () => {
			const [a, b] = await Promise.all([displayedSeconds(fay), displayedSeconds(skewed)]);
			return a !== null && b !== null ? Math.abs(a - b) : Infinity;
		})
		.toBeLessThanOrEqual(1);

	// It is the section's timebox (Incident: 2 minutes), counting down on both.
	const first = (await remainingMs(skewed))!;
	expect(first).toBeGreaterThan(100_000);
	expect(first).toBeLessThanOrEqual(120_000);
	await expect.poll(async () => (await remainingMs(skewed))!).toBeLessThan(first - 500);
	await expect.poll(async () => (await remainingMs(fay))!).toBeLessThan(first - 500);
	const [a, b] = await Promise.all([remainingMs(fay), remainingMs(skewed)]);
	expect(Math.abs(a! - b!)).toBeLessThan(1_000);
	await expect(skewed.getByTestId('timer')).toContainText('left for Incident');
});

test('dot voting: ballots stay hidden while the vote is open, then everyone sees the ranked results', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Dot voting');
	const fay = await openAs(browser, links.facilitator, 'Fay');
	const ann = await openAs(browser, links.participant, 'Ann');
	const ben = await openAs(browser, links.participant, 'Ben');
	const everyone = [fay, ann, ben];

	const [alerting, runbook, handoff] = ['No alert on pool saturation', 'Runbook out of date', 'Unclear handoff'];
	await addFactor(fay, alerting, 'technical');
	await addFactor(fay, runbook, 'process');
	await addFactor(fay, handoff, 'communication');
	for (const p of everyone) await expect(section(p, 'Contributing factors').getByTestId('factor')).toHaveCount(3);

	await panel(fay).getByLabel('Votes each').fill('3');
	await panel(fay).getByRole('button', { name: 'Open a vote' }).click();
	await expect(panel(fay).getByTestId('ballot-count')).toHaveText(/^0 ballots in/);
	for (const p of [ann, ben]) {
		await expect(p.getByTestId('vote-open')).toBeVisible();
		await expect(p.getByTestId('votes-left')).toHaveText('3');
	}

	// Ann: two for the runbook, one for the handoff.
	await voteFor(ann, runbook);
	await expect(panel(fay).getByTestId('ballot-count')).toHaveText(/^1 ballot in/);
	await voteFor(ann, runbook);
	await voteFor(ann, handoff);
	// Ben: one each.
	await voteFor(ben, runbook);
	await voteFor(ben, alerting);
	await voteFor(ben, handoff);
	await expect(panel(fay).getByTestId('ballot-count')).toHaveText(/^2 ballots in/);
	for (const p of [ann, ben]) await expect(p.getByTestId('votes-left')).toHaveText('0');

	// While open, nobody sees results or anyone else's votes: each sees only their own ballot.
	for (const p of everyone) {
		await expect(p.getByTestId('vote-results')).toHaveCount(0);
		await expect(p.getByTestId('ranked-factor')).toHaveCount(0);
	}
	await expect(voteRow(ann, runbook).getByLabel('Your votes')).toHaveText('2');
	await expect(voteRow(ann, alerting).getByLabel('Your votes')).toHaveText('0');
	await expect(voteRow(ben, runbook).getByLabel('Your votes')).toHaveText('1');
	await expect(voteRow(ben, alerting).getByLabel('Your votes')).toHaveText('1');
	for (const title of [alerting, runbook, handoff]) await expect(voteRow(fay, title).getByLabel('Your votes')).toHaveText('0');
	for (const p of everyone) await expect(p.getByText(/^\d+ votes?$/)).toHaveCount(0);

	await panel(fay).getByRole('button', { name: 'Close the vote and show results' }).click();

	// Everyone sees the totals, most votes first.
	for (const p of everyone) {
		await expect(p.getByTestId('vote-results')).toBeVisible();
		await expect(p.getByTestId('ranked-factor')).toHaveText([
			new RegExp(`^${runbook}\\s+3 votes$`),
			new RegExp(`^${handoff}\\s+2 votes$`),
			new RegExp(`^${alerting}\\s+1 vote$`)
		]);
		await expect(p.getByTestId('vote-open')).toHaveCount(0);
	}
});

test('a facilitator action that is refused says why in view, wherever the facilitator is on the board, and changes nothing', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Refused action');
	const fay = await openAs(browser, links.facilitator, 'Fay');
	const ann = await openAs(browser, links.participant, 'Ann');

	await panel(fay).getByLabel('Votes each').fill('11');
	await panel(fay).getByRole('button', { name: 'Open a vote' }).click();
	const alert = fay.getByRole('alert').filter({ hasText: '1–10 votes per person' });
	await expect(alert).toBeInViewport();
	await expect(panel(fay).getByTestId('ballot-count')).toHaveCount(0);
	await expect(ann.getByTestId('vote-open')).toHaveCount(0);

	await alert.getByRole('button', { name: 'Dismiss' }).click();
	await expect(alert).toHaveCount(0);
	await panel(fay).getByLabel('Votes each').fill('2');
	await panel(fay).getByRole('button', { name: 'Open a vote' }).click();
	await expect(ann.getByTestId('votes-left')).toHaveText('2');
	await expect(fay.getByRole('alert')).toHaveCount(0);
});

test('silent writing: notes stay private until the facilitator reveals them to everyone, without names', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Silent writing');
	const fay = await openAs(browser, links.facilitator, 'Fay');
	const ann = await openAs(browser, links.participant, 'Ann');
	const ben = await openAs(browser, links.participant, 'Ben');
	const everyone = [fay, ann, ben];

	await panel(fay).getByRole('button', { name: 'Start silent writing' }).click();
	for (const p of [ann, ben]) await expect(p.getByTestId('silent-writing')).toBeVisible();

	const write = async (p: Page, kind: 'What went wrong' | 'What went well', text: string) => {
		const form = p.getByRole('form', { name: 'Write an anonymous note' });
		await form.getByLabel(kind).check();
		await form.getByLabel('Your note').fill(text);
		await form.getByRole('button', { name: 'Add note' }).click();
		await expect(p.getByTestId('my-notes')).toContainText(text);
	};
	const annWrong = 'The rollback runbook pointed at the old cluster';
	const annWell = 'Paging reached the right person within two minutes';
	const benWrong = 'Nobody owned the status page update';
	await write(ann, 'What went wrong', annWrong);
	await write(ann, 'What went well', annWell);
	await write(ben, 'What went wrong', benWrong);

	// The facilitator sees a count, nobody sees anyone else's notes.
	await expect(panel(fay).getByTestId('reveal-notes')).toHaveText(/Reveal 3 anonymous notes/);
	for (const text of [annWrong, annWell]) {
		await expect(ben.getByText(text)).toHaveCount(0);
		await expect(fay.getByText(text)).toHaveCount(0);
	}
	await expect(ann.getByText(benWrong)).toHaveCount(0);
	await expect(fay.getByText(benWrong)).toHaveCount(0);
	for (const p of everyone) await expect(p.getByTestId('revealed-notes')).toHaveCount(0);

	await panel(fay).getByRole('button', { name: /Reveal 3 anonymous notes/ }).click();

	for (const p of everyone) {
		const revealed = p.getByTestId('revealed-notes');
		await expect(revealed.getByRole('heading', { name: 'Revealed notes' })).toBeVisible();
		await expect(revealed.getByTestId('revealed-note')).toHaveCount(3);
		await expect(revealed.getByTestId('revealed-note').filter({ hasText: annWrong })).toHaveAttribute('data-kind', 'wrong');
		await expect(revealed.getByTestId('revealed-note').filter({ hasText: annWell })).toHaveAttribute('data-kind', 'well');
		await expect(revealed.getByTestId('revealed-note').filter({ hasText: benWrong })).toHaveAttribute('data-kind', 'wrong');
		// No names next to the notes.
		for (const name of ['Ann', 'Ben', 'Fay']) await expect(revealed).not.toContainText(name);
	}
	await expect(panel(fay).getByTestId('reveal-notes')).toHaveText(/Reveal 0 anonymous notes/);
});

test('replacing the participant link disconnects its users within seconds; the new link works', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Link rotation');
	const fay = await openAs(browser, links.facilitator, 'Fay');
	const ann = await openAs(browser, links.participant, 'Ann');
	const olly = await openAs(browser, links.observer, null);

	const clicked = Date.now();
	await panel(fay).getByRole('button', { name: 'Replace the participant link' }).click();
	await expect(ann.getByTestId('connection-status')).toHaveAttribute('data-status', 'closed', { timeout: 5_000 });
	await expect(ann.getByTestId('connection-status')).toContainText('replaced this link', { timeout: 5_000 });
	expect(Date.now() - clicked).toBeLessThan(5_000);

	const newLink = await panel(fay).getByTestId('new-link-participant').inputValue();
	expect(newLink).toMatch(/\/b\/[A-Za-z0-9_-]+#k=[A-Za-z0-9_-]{22,}$/);
	expect(newLink).not.toBe(links.participant);
	// The facilitator and the observer stay connected.
	await expect(fay.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	await expect(olly.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');

	// The new link works for someone new, who edits live with the facilitator.
	const cleo = await openAs(browser, newLink, 'Cleo');
	await expect(cleo.locator('#board-title')).toHaveValue('Link rotation');
	await expect(fay.getByTestId('presence')).toContainText('Cleo');
	await addTimelineEntry(cleo, '2026-01-05T14:02', 'trigger', 'Written with the new link');
	await expect.poll(() => timelineDescriptions(fay)).toEqual(['Written with the new link']);
	await expect(cleo.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');

	// The old link no longer opens the board.
	const late = await (await browser.newContext()).newPage();
	await late.goto(links.participant);
	await expect(late.getByTestId('access-problem')).toContainText('does not open this board');
});

test('F8: a locked section is read-only for participants, with a badge, while the facilitator can still edit it', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Locks');
	const fay = await openAs(browser, links.facilitator, 'Fay');
	const ann = await openAs(browser, links.participant, 'Ann');
	await addTimelineEntry(fay, '2026-01-05T14:02', 'trigger', 'Deploy 4512 started');
	await expect.poll(() => timelineDescriptions(ann)).toEqual(['Deploy 4512 started']);

	const annTimeline = section(ann, 'Timeline');
	const annEntry = annTimeline.getByTestId('timeline-entry').first();
	await expect(annEntry.getByLabel('Description')).toBeEditable();
	await expect(annTimeline.getByTestId('lock-badge')).toHaveCount(0);

	await panel(fay).getByRole('button', { name: 'Lock Timeline' }).click();
	await expect(panel(fay).getByRole('button', { name: 'Unlock Timeline' })).toHaveAttribute('aria-pressed', 'true');

	// Ann: a lock badge, read-only fields, no add form, no delete.
	await expect(annTimeline.getByTestId('lock-badge')).toBeVisible();
	await expect(annEntry.getByLabel('Description')).not.toBeEditable();
	await expect(annEntry.getByLabel('Description')).toHaveAttribute('readonly', '');
	await expect(annEntry.getByLabel(/^Time \(/)).toHaveAttribute('readonly', '');
	await expect(annEntry.getByLabel('Kind')).toBeDisabled();
	await expect(annEntry.getByRole('button', { name: 'Delete entry' })).toHaveCount(0);
	await expect(ann.getByRole('form', { name: 'Add a timeline entry' })).toHaveCount(0);
	// Only that section: the summary is still editable for Ann.
	await expect(ann.locator('#field-summary')).toBeEditable();

	// The facilitator still edits it, and Ann sees the edit.
	const fayEntry = section(fay, 'Timeline').getByTestId('timeline-entry').first();
	await expect(fayEntry.getByLabel('Description')).toBeEditable();
	await fayEntry.getByLabel('Description').click();
	await fayEntry.getByLabel('Description').press('End');
	await fayEntry.getByLabel('Description').pressSequentially(' (canary)');
	await expect.poll(() => timelineDescriptions(ann)).toEqual(['Deploy 4512 started (canary)']);
	await addTimelineEntry(fay, '2026-01-05T14:09', 'detection', 'Error-rate alert fired');
	await expect.poll(() => timelineDescriptions(ann)).toEqual(['Deploy 4512 started (canary)', 'Error-rate alert fired']);

	// Unlocked, Ann can edit again.
	await panel(fay).getByRole('button', { name: 'Unlock Timeline' }).click();
	await expect(annTimeline.getByTestId('lock-badge')).toHaveCount(0);
	await expect(annEntry.getByLabel('Description')).toBeEditable();
	await expect(ann.getByRole('form', { name: 'Add a timeline entry' })).toBeVisible();
});
