/**
 * A complete postmortem, filled in by two participants at the same time, in two time zones:
 * Ana in Berlin, Ben in New York. Everything goes through the UI as people use it; at the end
 * both screens must show the same board, every section complete, and undo must be per person.
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import {
	addActionItem,
	addFactor,
	addListItem,
	addTimelineEntry,
	askAnotherWhy,
	boardSnapshot,
	createBoardFromHome,
	durationValue,
	fillAction,
	fillHeader,
	fillImpact,
	fillWhyStep,
	flagsIn,
	navStates,
	newWhyChain,
	openPausable,
	openWith,
	stepUntil,
	pasteTimelineLines,
	section,
	timelineDescriptions,
	typeAt,
	whyStep,
	whySteps,
	type BoardSnapshot
} from './helpers.ts';

const TITLE = 'Checkout errors after deploy 4512';
const BLAME = 'Ben forgot to run the migration check';
const REWORDED = 'The migration check was not run before the deploy';
const SUMMARY_SEED = 'checkout returned 500s for EU customers after deploy 4512.';
const SUMMARY_ANA = 'On 5 January, ';
const SUMMARY_BEN = ' A rollback at 14:20 mitigated it; errors stopped at 14:47.';
const FACTOR_PIPELINE = 'Deploy pipeline does not check for pending migrations';
const FACTOR_ALERT = 'No alert on the checkout 5xx rate';
const ACTION_GATE = 'Add a deploy pipeline gate that fails on pending migrations';
const ACTION_ALERT = 'Add an alert on checkout 5xx rate > 2% for 5 min';
const NOTES = 'Payments team joined at 14:15. Rollback took 6 minutes because the deploy queue was busy.';

/** Steps of the why chain, as [why, because]. */
const STEP_500S: [string, string] = ['Why did checkout return 500s?', 'The orders service queried a column that did not exist yet'];
const STEP_COLUMN: [string, string] = ['Why did the column not exist?', 'Ben deployed before running the migration check'];
const STEP_GATE: [string, string] = ['Why could the deploy run before its migration?', 'The deploy pipeline has no gate that checks pending migrations'];

/** Times as the board shows them (Europe/Berlin), in timeline order. */
const TIMELINE: Array<[string, string, string]> = [
	['2026-01-05T14:02', 'trigger', 'Deploy 4512 started'],
	['2026-01-05T14:05', 'action', REWORDED],
	['2026-01-05T14:09', 'detection', 'Error-rate alert fired'],
	['2026-01-05T14:20', 'mitigation', 'Rolled back deploy 4512'],
	['2026-01-05T14:25', 'communication', 'Status page updated for EU customers'],
	['2026-01-05T14:47', 'resolution', 'Error rates back to normal']
];

const summaryField = (page: Page) => section(page, 'Summary').getByRole('textbox', { name: 'Summary', exact: true });
const notesField = (page: Page) => section(page, 'Notes').getByRole('textbox', { name: 'Notes', exact: true });
const servicesField = (page: Page) => section(page, 'Incident').getByLabel('Services affected');
const timelineEntry = (page: Page, index: number) => page.getByTestId('timeline-entry').nth(index);
const firstChain = (page: Page) => page.getByTestId('why-chain').first();
const whyStepField = (page: Page, index: number, field: 'why' | 'because') => whyStep(firstChain(page), index)[field];

/** The same expectation on both screens. */
async function onBoth(pages: Page[], check: (page: Page) => Promise<void>): Promise<void> {
	await Promise.all(pages.map(check));
}

test('two participants fill in a complete postmortem at the same time and see the same board', async ({ browser, page }) => {
	// A whole meeting, typed key by key by two people: on a busy machine it takes a minute.
	test.slow();
	// The facilitator creates the board; Ana (Berlin) and Ben (New York) join from the participant link.
	const links = await createBoardFromHome(page, TITLE);
	const ana = await openWith(browser, links.participant, 'Ana', { timezoneId: 'Europe/Berlin' });
	const ben = await openWith(browser, links.participant, 'Ben', { timezoneId: 'America/New_York' });
	const both = [ana, ben];
	await expect(ana.getByTestId('presence')).toContainText('Ben');

	// --- Header and timeline, at the same time --------------------------------------------
	// Ana fills the header and types three entries in the form (her zone, Berlin: 14:02 = 13:02 UTC).
	// Ben pastes the rest: two lines in UTC, one with a date but no zone (his zone, New York:
	// 08:25 = 13:25 UTC) and one with an ambiguous zone abbreviation that must be refused.
	let pasteBox: Locator | undefined;
	await Promise.all([
		(async () => {
			await fillHeader(ana, {
				incident: 'INC-4512',
				severity: 'SEV2',
				services: 'checkout, payments-api',
				incidentDate: '2026-01-05',
				timeZone: 'Europe/Berlin',
				status: 'in meeting'
			});
			await addTimelineEntry(ana, '2026-01-05T14:02', 'trigger', 'Deploy 4512 started');
			await addTimelineEntry(ana, '2026-01-05T14:05', 'action', BLAME);
			await addTimelineEntry(ana, '2026-01-05T14:09', 'detection', 'Error-rate alert fired');
		})(),
		(async () => {
			pasteBox = await pasteTimelineLines(ben, [
				'2026-01-05 13:20 UTC [mitigation] Rolled back deploy 4512',
				'2026-01-05 08:25 Status page updated for EU customers',
				'2026-01-05 13:47 UTC (resolution) Error rates back to normal',
				'14:30 CET customers notified by email'
			]);
			await expect(ben.getByTestId('paste-result')).toHaveText('Added 3 entries; 1 line(s) need a fix (kept in the box).');
			await expect(ben.getByTestId('paste-errors')).toContainText('Line 4:');
			await expect(ben.getByTestId('paste-errors')).toContainText('"CET" is ambiguous as a time zone');
			await expect(pasteBox).toHaveValue('14:30 CET customers notified by email');
			await fillImpact(ben, {
				usersAffected: '~12% of EU checkouts, about 3,400 orders',
				dataLost: true,
				dataLostWhat: 'Payment confirmations of 37 orders were not stored',
				financialImpact: '~€4k in failed orders',
				customerFacing: true
			});
		})()
	]);

	const withBlame = TIMELINE.map(([, , description], i) => (i === 1 ? BLAME : description));
	await onBoth(both, async (p) => {
		await expect.poll(() => timelineDescriptions(p)).toEqual(withBlame);
	});
	for (const p of both) {
		// Times entered in Berlin and in New York line up in the board's zone.
		const times = p.getByTestId('timeline-entry').getByLabel('Time (Europe/Berlin)');
		for (const [i, [time, kind]] of TIMELINE.entries()) {
			await expect(times.nth(i)).toHaveValue(time);
			await expect(timelineEntry(p, i)).toHaveAttribute('data-kind', kind);
		}
		// Durations are computed from the timeline, the same on both screens.
		await expect(durationValue(p, 'timeToDetect')).toHaveText('7 min');
		await expect(durationValue(p, 'timeToMitigate')).toHaveText('18 min');
		await expect(durationValue(p, 'timeToResolve')).toHaveText('45 min');
		await expect(p.getByTestId('impact-duration').locator('strong')).toHaveText('45 min');
		// The blame in Ana's entry is flagged inline, for everyone.
		await expect(flagsIn(timelineEntry(p, 1), 'blame-language')).toContainText('someone’s memory or attention');
	}

	// Ben rewords it; the flag goes away on both screens.
	await timelineEntry(ben, 1).getByRole('textbox', { name: 'Description' }).fill(REWORDED);
	await onBoth(both, async (p) => {
		await expect.poll(() => timelineDescriptions(p)).toEqual(TIMELINE.map(([, , description]) => description));
		await expect(flagsIn(timelineEntry(p, 1))).toHaveCount(0);
	});

	// --- Summary: both type in it at the same time, Ana at the start, Ben at the end -------
	await summaryField(ben).fill(SUMMARY_SEED);
	await expect(summaryField(ana)).toHaveValue(SUMMARY_SEED);
	await Promise.all([typeAt(summaryField(ana), 'start', SUMMARY_ANA), typeAt(summaryField(ben), 'end', SUMMARY_BEN)]);
	const summary = SUMMARY_ANA + SUMMARY_SEED + SUMMARY_BEN;
	await onBoth(both, (p) => expect(summaryField(p)).toHaveValue(summary));

	// --- Root cause, lists and follow-up (Ana) while Ben writes factors and actions ----------
	await Promise.all([
		(async () => {
			const chain = await newWhyChain(ana, 'Checkout returned 500s for 45 minutes');
			// The deeper answer is typed first, then the first why below it; moving it up fixes the order.
			await fillWhyStep(chain, 0, ...STEP_COLUMN);
			await askAnotherWhy(chain, ...STEP_500S);
			await expect(flagsIn(chain)).toHaveCount(0);
			await chain.getByRole('button', { name: 'Move step 2 up' }).click();
			await expect.poll(() => whySteps(chain)).toEqual([STEP_500S, STEP_COLUMN]);
			// Now the chain ends at a person: both screens suggest one more why.
			await onBoth(both, (p) =>
				expect(flagsIn(firstChain(p), 'why-stops-at-person')).toContainText('This chain stops at a person. Ask one more why')
			);
			await askAnotherWhy(chain, ...STEP_GATE);
			await onBoth(both, async (p) => {
				await expect.poll(() => whySteps(firstChain(p))).toEqual([STEP_500S, STEP_COLUMN, STEP_GATE]);
				await expect(flagsIn(firstChain(p))).toHaveCount(0);
			});

			await addListItem(ana, 'What went well', 'The error-rate alert fired 7 minutes after the deploy');
			await addListItem(ana, 'Where we got lucky', 'The deploy went out before the EU evening peak');
			await notesField(ana).fill(NOTES);
			await section(ana, 'Follow-up').getByLabel('Follow-up date').fill('2026-02-02');
		})(),
		(async () => {
			const pipeline = await addFactor(ben, FACTOR_PIPELINE, 'process');
			await addFactor(ben, FACTOR_ALERT, 'detection/monitoring');
			await expect(flagsIn(pipeline, 'factor-no-action')).toHaveCount(1);

			const vague = await addActionItem(ben, { title: 'Improve monitoring' });
			await expect(flagsIn(vague, 'action-vague')).toContainText('“Improve …” is hard to finish or check off.');
			await expect(flagsIn(section(ana, 'Action items').getByTestId('action').first(), 'action-vague')).toHaveCount(1);

			const gate = await addActionItem(ben, { title: ACTION_GATE, owner: 'Ana', due: '2026-01-19', priority: 'high', factor: FACTOR_PIPELINE });
			await expect(flagsIn(gate)).toHaveCount(0);
			await expect(flagsIn(pipeline)).toHaveCount(0);

			// The vague item becomes a concrete one, owned, scheduled and linked.
			await fillAction(vague, { title: ACTION_ALERT, owner: 'Ben', due: '2026-01-26', status: 'in progress', factor: FACTOR_ALERT });
			await expect(flagsIn(vague)).toHaveCount(0);
			await expect(flagsIn(section(ben, 'Contributing factors'))).toHaveCount(0);
		})()
	]);

	// --- The same, complete board on both screens -----------------------------------------
	const expected: BoardSnapshot = {
		title: TITLE,
		sections: {
			header: [
				['Incident id or link', 'INC-4512'],
				['Severity', 'SEV2'],
				['Services affected', 'checkout, payments-api'],
				['Incident date', '2026-01-05'],
				['Board time zone', 'Europe/Berlin'],
				['Status', 'in meeting']
			],
			summary: [['Summary', summary]],
			timeline: TIMELINE.flatMap(([time, kind, description]) => [
				['Time (Europe/Berlin)', time],
				['Kind', kind],
				['Description', description]
			]),
			impact: [
				['Users affected', '~12% of EU checkouts, about 3,400 orders'],
				['Data lost? Yes', 'checked'],
				['Data lost? No', ''],
				['What data was lost', 'Payment confirmations of 37 orders were not stored'],
				['Financial impact', '~€4k in failed orders'],
				['Customer-facing? Yes', 'checked'],
				['Customer-facing? No', '']
			],
			why: [
				['Chain 1: what went wrong', 'Checkout returned 500s for 45 minutes'],
				...[STEP_500S, STEP_COLUMN, STEP_GATE].flatMap(([why, because], i): Array<[string, string]> => [
					[`Why? (${i + 1})`, why],
					[`Because (${i + 1})`, because]
				])
			],
			factors: [
				['Factor 1', FACTOR_PIPELINE],
				['Category', 'process'],
				['Description', ''],
				['Factor 2', FACTOR_ALERT],
				['Category', 'detection/monitoring'],
				['Description', '']
			],
			actions: [
				['Action 1', ACTION_ALERT],
				['Owner', 'Ben'],
				['Due', '2026-01-26'],
				['Priority', 'medium'],
				['Status', 'in progress'],
				['Addresses factor', FACTOR_ALERT],
				['Action 2', ACTION_GATE],
				['Owner', 'Ana'],
				['Due', '2026-01-19'],
				['Priority', 'high'],
				['Status', 'open'],
				['Addresses factor', FACTOR_PIPELINE]
			],
			wentWell: [['What went well 1', 'The error-rate alert fired 7 minutes after the deploy']],
			lucky: [['Where we got lucky 1', 'The deploy went out before the EU evening peak']],
			notes: [['Notes', NOTES]],
			followUp: [['Follow-up date', '2026-02-02']],
			canvas: []
		}
	};
	// The canvas is optional: nobody drew causal links in this meeting.
	const allComplete = Object.fromEntries(Object.keys(expected.sections).map((id) => [id, id === 'canvas' ? 'optional' : 'complete']));
	await onBoth(both, async (p) => {
		await expect.poll(() => boardSnapshot(p)).toEqual(expected);
		await expect.poll(() => navStates(p)).toEqual(allComplete);
		await expect(p.getByTestId('guidance-flag')).toHaveCount(0);
	});

	// --- Undo is per person -----------------------------------------------------------------
	// Ben types, then Ana; Ana's Ctrl+Z takes back only her own typing. How many undo steps her
	// typing makes depends on the machine's speed (keystrokes close together group into one),
	// so she presses until it is gone: every press must change her field and none Ben's note.
	await typeAt(notesField(ben), 'end', ' Ben added this note.', 30);
	await expect(notesField(ana)).toHaveValue(`${NOTES} Ben added this note.`);
	await typeAt(servicesField(ana), 'end', ', search');
	await expect(servicesField(ben)).toHaveValue('checkout, payments-api, search');
	await stepUntil(ana, 'Control+z', servicesField(ana), 'checkout, payments-api', ', search'.length);
	await onBoth(both, async (p) => {
		await expect(servicesField(p)).toHaveValue('checkout, payments-api');
		await expect(notesField(p)).toHaveValue(`${NOTES} Ben added this note.`);
	});
	// And redo brings it back, still leaving Ben's note alone.
	await stepUntil(ana, 'Control+Shift+z', servicesField(ana), 'checkout, payments-api, search', ', search'.length);
	await onBoth(both, async (p) => {
		await expect(servicesField(p)).toHaveValue('checkout, payments-api, search');
		await expect(notesField(p)).toHaveValue(`${NOTES} Ben added this note.`);
	});
});

test.describe('reordering why steps while someone else works on the same chain', () => {
	/** Ana and Ben on one board, with a two-step chain both can see; Ben's sync can be paused. */
	async function chainOfTwo(browser: Browser, page: Page) {
		const links = await createBoardFromHome(page, 'Reorder review');
		const ana = await openWith(browser, links.participant, 'Ana', {});
		const ben = await openPausable(browser, links.participant, 'Ben');
		const errors: string[] = [];
		for (const p of [ana, ben.page]) p.on('pageerror', (error) => errors.push(`${p === ana ? 'Ana' : 'Ben'}: ${error.message}`));
		const chain = await newWhyChain(ana, 'Checkout returned 500s');
		await fillWhyStep(chain, 0, ...STEP_COLUMN);
		await askAnotherWhy(chain, ...STEP_500S);
		await expect.poll(() => whySteps(firstChain(ben.page))).toEqual([STEP_COLUMN, STEP_500S]);
		return { ana, ben, errors };
	}

	test('both move the same step up at the same time: one step, and the board keeps working', async ({ browser, page }) => {
		const { ana, ben, errors } = await chainOfTwo(browser, page);
		ben.pause();
		await firstChain(ana).getByRole('button', { name: 'Move step 2 up' }).click();
		await firstChain(ben.page).getByRole('button', { name: 'Move step 2 up' }).click();
		await expect.poll(() => whySteps(firstChain(ben.page))).toEqual([STEP_500S, STEP_COLUMN]);
		ben.resume();

		for (const p of [ana, ben.page]) await expect.poll(() => whySteps(firstChain(p))).toEqual([STEP_500S, STEP_COLUMN]);
		expect(errors, 'errors thrown in the pages').toEqual([]);
		// Still editable, and still there after a reload.
		await askAnotherWhy(firstChain(ana), ...STEP_GATE);
		await ana.reload();
		await expect(ana.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
		for (const p of [ana, ben.page]) await expect.poll(() => whySteps(firstChain(p))).toEqual([STEP_500S, STEP_COLUMN, STEP_GATE]);
		expect(errors, 'errors thrown in the pages').toEqual([]);
	});

	test('Ana moves a step up while Ben is typing its answer: his words are kept', async ({ browser, page }) => {
		const { ana, ben, errors } = await chainOfTwo(browser, page);
		const [why500, because500] = STEP_500S;
		await whyStepField(ana, 1, 'because').fill('');
		await expect(whyStepField(ben.page, 1, 'because')).toHaveValue('');
		ben.pause();
		await firstChain(ana).getByRole('button', { name: 'Move step 2 up' }).click();
		await typeAt(whyStepField(ben.page, 1, 'because'), 'end', because500);
		ben.resume();

		for (const p of [ana, ben.page]) await expect.poll(() => whySteps(firstChain(p))).toEqual([[why500, because500], STEP_COLUMN]);
		expect(errors, 'errors thrown in the pages').toEqual([]);
	});
});
