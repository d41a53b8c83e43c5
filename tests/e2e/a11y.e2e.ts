/**
 * Accessibility: axe on the home page, the created-board links, and a filled board (with
 * guidance flags showing) as a participant and as an observer; and the board by keyboard only.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
	addActionItem,
	addFactor,
	addListItem,
	addTimelineEntry,
	createBoardFromHome,
	fillHeader,
	fillImpact,
	fillWhyStep,
	newWhyChain,
	openAs,
	pasteTimelineLines,
	section,
	timelineDescriptions
} from './helpers.ts';

/**
 * Runs axe and fails (softly, so every page is checked) on serious or critical violations,
 * listing each rule, its impact and the offending elements.
 */
async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect.soft(serious, `serious/critical axe violations on ${what}`).toEqual([]);
}

/** Presses Tab until `target` has the focus, at most `max` times. */
async function tabTo(target: Locator, max: number): Promise<void> {
	for (let i = 0; i < max && !(await target.evaluate((el) => el === document.activeElement)); i++) {
		await target.page().keyboard.press('Tab');
	}
	await expect(target).toBeFocused();
}

/** A board with something in every section, and some guidance flags left to show. */
async function fillBoard(page: Page): Promise<void> {
	await fillHeader(page, {
		incident: 'INC-77',
		severity: 'SEV3',
		services: 'search',
		incidentDate: '2026-03-02',
		timeZone: 'UTC',
		status: 'in review'
	});
	await section(page, 'Summary').getByRole('textbox', { name: 'Summary', exact: true }).fill('Search was slow for 30 minutes.');
	await addTimelineEntry(page, '2026-03-02T09:00', 'trigger', 'Index rebuild started');
	await addTimelineEntry(page, '2026-03-02T09:04', 'action', 'Carol forgot to pause the crawler'); // blame: flagged
	// A paste with one line that needs a fix, so its error list is on the page too.
	await pasteTimelineLines(page, ['2026-03-02 09:10 UTC alert fired on search latency', '09:40 PST resolved']);
	await expect(page.getByTestId('paste-errors')).toBeVisible();
	await fillImpact(page, { usersAffected: 'All search users', dataLost: true, dataLostWhat: 'Nothing durable', financialImpact: 'None', customerFacing: false });
	const chain = await newWhyChain(page, 'Search was slow');
	await fillWhyStep(chain, 0, 'Why was search slow?', 'Carol started the rebuild at peak time'); // stops at a person: flagged
	const factor = await addFactor(page, 'Rebuilds are not scheduled off-peak', 'process');
	await addFactor(page, 'No latency alert before 09:10', 'detection/monitoring'); // no action: flagged
	await addActionItem(page, { title: 'Improve monitoring' }); // vague, no owner, no date, no factor: flagged
	await expect(factor).toBeVisible();
	await addListItem(page, 'What went well', 'The alert fired quickly');
	await addListItem(page, 'Where we got lucky', 'It was a holiday in most regions');
	await section(page, 'Notes').getByRole('textbox', { name: 'Notes', exact: true }).fill('Carol is on call next week.');
	await section(page, 'Follow-up').getByLabel('Follow-up date').fill('2026-03-16');
	await expect(page.getByTestId('guidance-flag').first()).toBeVisible();
}

test('the home page, the created links and a filled board have no serious accessibility violations', async ({ browser, page }) => {
	await page.goto('/');
	await expect(page.getByRole('button', { name: 'Create board' })).toBeVisible();
	await expectNoSeriousViolations(page, 'the home page');

	const links = await createBoardFromHome(page, 'Search slowness');
	await expectNoSeriousViolations(page, 'the home page with the new board links');

	const carol = await openAs(browser, links.participant, 'Carol');
	await fillBoard(carol);
	await expect(carol.getByTestId('guidance-flag')).not.toHaveCount(0);
	await expectNoSeriousViolations(carol, 'a filled board (participant)');

	const observer = await openAs(browser, links.observer, null);
	await expect(observer.getByTestId('read-only-badge')).toBeVisible();
	await expect.poll(() => timelineDescriptions(observer)).toEqual(await timelineDescriptions(carol));
	await expect(observer.getByTestId('guidance-flag')).not.toHaveCount(0);
	await expectNoSeriousViolations(observer, 'a filled board (observer)');
});

test.describe('keyboard', () => {
	test.use({ timezoneId: 'UTC', locale: 'en-US' });

	test('Tab reaches the section navigator and the timeline form, and an entry can be added by keyboard only', async ({ page }) => {
		const links = await createBoardFromHome(page, 'Keyboard review');
		await page.goto(links.participant);
		await page.getByLabel('Display name').fill('Erin');
		await page.keyboard.press('Enter');
		await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
		await expect(section(page, 'Incident').getByLabel('Board time zone')).toHaveValue('UTC');

		// From the top of the page, Tab through everything up to the "Add entry" button.
		await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		const visited: string[] = [];
		const describeFocus = () =>
			page.evaluate(() => {
				const el = document.activeElement as HTMLElement | null;
				if (!el || el === document.body) return 'body';
				const form = el.closest('form, nav')?.getAttribute('aria-label');
				const name = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
				const href = el.getAttribute('href');
				return `${el.tagName.toLowerCase()}${href ? `[${href}]` : ''}${form ? ` in "${form}"` : ''}: ${name.replace(/\s+/g, ' ').trim()}`;
			});
		let timeFieldAt = -1;
		for (let i = 0; i < 150; i++) {
			await page.keyboard.press('Tab');
			const focus = await describeFocus();
			visited.push(focus);
			if (timeFieldAt < 0 && focus.startsWith('input in "Add a timeline entry"')) timeFieldAt = i;
			if (focus === 'button in "Add a timeline entry": Add entry') break;
		}
		const navLinks = visited.filter((f) => f.startsWith('a[#section-') && f.includes(' in "Sections"'));
		expect(navLinks.map((f) => f.slice(0, f.indexOf(']') + 1))).toEqual(
			['header', 'summary', 'timeline', 'impact', 'why', 'factors', 'canvas', 'actions', 'wentWell', 'lucky', 'notes', 'followUp'].map((id) => `a[#section-${id}]`)
		);
		expect(visited.at(-1), `Tab order:\n${visited.join('\n')}`).toBe('button in "Add a timeline entry": Add entry');
		expect(visited.indexOf(navLinks[0])).toBeLessThan(timeFieldAt);
		await expect(page.getByRole('button', { name: 'Add entry' })).toBeFocused();

		// The navigator works from the keyboard: Enter on "Timeline" goes to the section.
		await page.getByRole('link', { name: /^Timeline/ }).focus();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/#section-timeline$/);

		// Add an entry with the keyboard only: Tab into the form's time field and type.
		await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		const form = page.getByRole('form', { name: 'Add a timeline entry' });
		await tabTo(form.getByLabel('Time'), 150);
		// en-US: month, day, year (a year can have 6 digits, so move on with →), hour, minute, AM/PM.
		await page.keyboard.type('01052026');
		await page.keyboard.press('ArrowRight');
		await page.keyboard.type('0230P');
		await expect(form.getByLabel('Time')).toHaveValue('2026-01-05T14:30');
		// Tab leaves the time field once its last part (AM/PM) is passed.
		await tabTo(form.getByLabel('Kind'), 4);
		await page.keyboard.type('detection');
		await expect(form.getByLabel('Kind')).toHaveValue('detection');
		await tabTo(form.getByLabel('Description'), 1);
		await page.keyboard.type('Latency alert fired');
		await page.keyboard.press('Enter');

		await expect.poll(() => timelineDescriptions(page)).toEqual(['Latency alert fired']);
		const entry = page.getByTestId('timeline-entry').first();
		await expect(entry).toHaveAttribute('data-kind', 'detection');
		await expect(entry.getByLabel('Time (UTC)')).toHaveValue('2026-01-05T14:30');
		await expect(form.getByLabel('Description')).toHaveValue('');
	});
});
