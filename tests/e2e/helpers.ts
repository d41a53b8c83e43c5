import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

export interface BoardLinks {
	facilitator: string;
	participant: string;
	observer: string;
}

/** The board id and the secret in a board link `…/b/<id>#k=<secret>`. */
export const boardIdOf = (link: string) => new URL(link).pathname.split('/').pop()!;
export const secretOf = (link: string) => new URL(link).hash.replace(/^#k=/, '');

/**
 * A Yjs client of the test's own on a board link, synced: it writes what no screen would
 * (a newer version's data, malformed records). Destroy it in a `finally`.
 */
export async function rawClient(baseURL: string, link: string): Promise<{ doc: Y.Doc; provider: WebsocketProvider; destroy(): void }> {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${baseURL.replace(/^http/, 'ws')}/sync`, boardIdOf(link), doc, {
		params: { key: secretOf(link) },
		disableBc: true,
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket
	});
	const destroy = () => {
		provider.destroy();
		doc.destroy();
	};
	try {
		await expect.poll(() => provider.synced).toBe(true);
	} catch (error) {
		destroy();
		throw error;
	}
	return { doc, provider, destroy };
}

/** Creates a board through the home page, as a facilitator would. */
export async function createBoardFromHome(page: Page, title: string): Promise<BoardLinks> {
	await page.goto('/');
	await page.getByLabel('Incident title').fill(title);
	await page.getByRole('button', { name: 'Create board' }).click();
	await expect(page.getByTestId('board-links')).toBeVisible();
	const link = (role: string) => page.getByTestId(`link-${role}`).inputValue();
	return { facilitator: await link('facilitator'), participant: await link('participant'), observer: await link('observer') };
}

/** Opens a board link in a fresh browser context (a different person), answering the name prompt. */
export function openAs(browser: Browser, link: string, name: string | null): Promise<Page> {
	return openWith(browser, link, name, {});
}

/** Adds a timeline entry through the form. `time` is a datetime-local value in the browser's zone. */
export async function addTimelineEntry(page: Page, time: string, kind: string, description: string): Promise<void> {
	const form = page.getByRole('form', { name: 'Add a timeline entry' });
	await form.getByLabel('Time').fill(time);
	await form.getByLabel('Kind').selectOption(kind);
	await form.getByLabel('Description').fill(description);
	await form.getByRole('button', { name: 'Add entry' }).click();
}

/** The descriptions of the timeline, in displayed order. */
export async function timelineDescriptions(page: Page): Promise<string[]> {
	const inputs = page.getByTestId('timeline-entry').getByLabel('Description');
	const count = await inputs.count();
	const values: string[] = [];
	for (let i = 0; i < count; i++) values.push(await inputs.nth(i).inputValue());
	return values;
}

// ---------------------------------------------------------------------------------------
// The whole board, section by section (postmortem.e2e.ts, a11y.e2e.ts).

/**
 * Opens a board link in a fresh context with its own options (time zone, locale…);
 * `prepare` runs on the context before the page opens (e.g. to record its requests).
 */
export async function openWith(
	browser: Browser,
	link: string,
	name: string | null,
	options: BrowserContextOptions,
	prepare?: (context: BrowserContext) => void
): Promise<Page> {
	const context = await browser.newContext(options);
	prepare?.(context);
	const page = await context.newPage();
	await page.goto(link);
	if (name) {
		await page.getByLabel('Display name').fill(name);
		await page.getByRole('button', { name: 'Join the board' }).click();
	}
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	return page;
}

/** A section of the board, by its heading ("Incident", "Timeline", "Action items"…). */
export function section(page: Page, heading: string): Locator {
	return page.getByRole('region', { name: heading, exact: true });
}

/** Types into a field at its start or its end, key by key, as a person would. */
export async function typeAt(field: Locator, where: 'start' | 'end', text: string, delay = 20): Promise<void> {
	await field.click();
	await field.press(where === 'start' ? 'Control+Home' : 'Control+End');
	await field.pressSequentially(text, { delay });
}

/**
 * Presses an undo or redo key until `field` shows `value`, at most `maxSteps` times; each press
 * must change `field`. For typing whose grouping into undo steps depends on the machine's speed.
 */
export async function stepUntil(page: Page, key: string, field: Locator, value: string, maxSteps: number): Promise<void> {
	for (let step = 0; step < maxSteps && (await field.inputValue()) !== value; step++) {
		const before = await field.inputValue();
		await page.keyboard.press(key);
		await expect(field).not.toHaveValue(before);
	}
	await expect(field).toHaveValue(value);
}

export interface HeaderValues {
	incident: string;
	severity: string;
	services: string;
	/** YYYY-MM-DD */
	incidentDate: string;
	timeZone: string;
	status: string;
}

export async function fillHeader(page: Page, values: HeaderValues): Promise<void> {
	const header = section(page, 'Incident');
	await header.getByLabel('Incident id or link').fill(values.incident);
	await header.getByLabel('Severity').selectOption(values.severity);
	await header.getByLabel('Services affected').fill(values.services);
	await header.getByLabel('Incident date').fill(values.incidentDate);
	await header.getByLabel('Board time zone').selectOption(values.timeZone);
	await header.getByLabel('Status').selectOption(values.status);
}

/** Pastes lines into "Paste several lines" and adds them; returns the paste box. */
export async function pasteTimelineLines(page: Page, lines: string[]): Promise<Locator> {
	const timeline = section(page, 'Timeline');
	const details = timeline.locator('details');
	if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await timeline.getByText('Paste several lines').click();
	const box = timeline.getByRole('textbox', { name: /One entry per line/ });
	await box.fill(lines.join('\n'));
	await timeline.getByRole('button', { name: 'Add lines' }).click();
	return box;
}

/** The value shown for one computed duration (timeToDetect, timeToMitigate, timeToResolve). */
export function durationValue(page: Page, key: 'timeToDetect' | 'timeToMitigate' | 'timeToResolve'): Locator {
	return page.getByTestId(`duration-${key}`).locator('dd').first();
}

export interface ImpactValues {
	usersAffected: string;
	dataLost: boolean;
	dataLostWhat?: string;
	financialImpact: string;
	customerFacing: boolean;
}

export async function fillImpact(page: Page, values: ImpactValues): Promise<void> {
	const impact = section(page, 'Impact');
	await impact.getByLabel('Users affected').fill(values.usersAffected);
	await impact.getByRole('group', { name: 'Data lost?' }).getByLabel(values.dataLost ? 'Yes' : 'No').check();
	if (values.dataLost && values.dataLostWhat) await impact.getByLabel('What data was lost').fill(values.dataLostWhat);
	await impact.getByLabel('Financial impact').fill(values.financialImpact);
	await impact.getByRole('group', { name: 'Customer-facing?' }).getByLabel(values.customerFacing ? 'Yes' : 'No').check();
}

/** Clicks an "add" button and returns the record it created (the new last item of `items`). */
async function addRecord(items: Locator, button: Locator): Promise<Locator> {
	const before = await items.count();
	await button.click();
	await expect(items).toHaveCount(before + 1);
	return items.nth(before);
}

/** Starts a new why chain with its problem statement; returns the chain. */
export async function newWhyChain(page: Page, problem: string): Promise<Locator> {
	const why = section(page, 'Root cause analysis');
	const chain = await addRecord(why.getByTestId('why-chain'), why.getByRole('button', { name: 'New why chain' }));
	await chain.getByRole('textbox', { name: /what went wrong$/ }).fill(problem);
	return chain;
}

/** The why / because fields of step `index` (0-based) of a chain. */
export function whyStep(chain: Locator, index: number): { why: Locator; because: Locator } {
	const step = chain.getByTestId('why-step').nth(index);
	return { why: step.getByRole('textbox', { name: /^Why\?/ }), because: step.getByRole('textbox', { name: /^Because/ }) };
}

export async function fillWhyStep(chain: Locator, index: number, why: string, because: string): Promise<void> {
	const step = whyStep(chain, index);
	await step.why.fill(why);
	await step.because.fill(because);
}

/** "Ask another why", then fills the new last step. */
export async function askAnotherWhy(chain: Locator, why: string, because: string): Promise<void> {
	const steps = chain.getByTestId('why-step');
	const before = await steps.count();
	await chain.getByRole('button', { name: 'Ask another why' }).click();
	await expect(steps).toHaveCount(before + 1);
	await fillWhyStep(chain, before, why, because);
}

/** The why / because values of a chain's steps, in displayed order. */
export async function whySteps(chain: Locator): Promise<Array<[string, string]>> {
	const steps = chain.getByTestId('why-step');
	const result: Array<[string, string]> = [];
	for (let i = 0; i < (await steps.count()); i++) {
		const { why, because } = whyStep(chain, i);
		result.push([await why.inputValue(), await because.inputValue()]);
	}
	return result;
}

export async function addFactor(page: Page, title: string, category: string): Promise<Locator> {
	const factors = section(page, 'Contributing factors');
	const factor = await addRecord(factors.getByTestId('factor'), factors.getByRole('button', { name: 'Add a factor' }));
	await factor.getByRole('textbox', { name: /^Factor \d+$/ }).fill(title);
	await factor.getByLabel('Category').selectOption(category);
	return factor;
}

export interface ActionValues {
	title: string;
	owner?: string;
	/** YYYY-MM-DD */
	due?: string;
	priority?: string;
	status?: string;
	/** The title of the contributing factor it addresses. */
	factor?: string;
}

/** Fills the fields of an action item that are given. */
export async function fillAction(action: Locator, values: ActionValues): Promise<void> {
	await action.getByRole('textbox', { name: /^Action \d+$/ }).fill(values.title);
	if (values.owner !== undefined) await action.getByLabel('Owner').fill(values.owner);
	if (values.due !== undefined) await action.getByLabel('Due').fill(values.due);
	if (values.priority !== undefined) await action.getByLabel('Priority').selectOption(values.priority);
	if (values.status !== undefined) await action.getByLabel('Status').selectOption(values.status);
	if (values.factor !== undefined) await action.getByLabel('Addresses factor').selectOption({ label: values.factor });
}

export async function addActionItem(page: Page, values: ActionValues): Promise<Locator> {
	const actions = section(page, 'Action items');
	const action = await addRecord(actions.getByTestId('action'), actions.getByRole('button', { name: 'Add an action item' }));
	await fillAction(action, values);
	return action;
}

/** Adds an item to "What went well" or "Where we got lucky". */
export async function addListItem(page: Page, heading: 'What went well' | 'Where we got lucky', text: string): Promise<void> {
	const list = section(page, heading);
	const items = list.locator('[data-testid^="list-"] > li');
	const item = await addRecord(items, list.getByRole('button', { name: 'Add an item' }));
	await item.getByRole('textbox').fill(text);
}

/** The guidance flags shown inside an element (a field's record, a chain, a section…). */
export function flagsIn(scope: Locator, rule?: string): Locator {
	return scope.locator(rule ? `[data-testid="guidance-flag"][data-flag^="${rule}:"]` : '[data-testid="guidance-flag"]');
}

/** Each section's completeness as the navigator shows it. */
export async function navStates(page: Page): Promise<Record<string, string | null>> {
	return page.getByRole('navigation', { name: 'Sections' }).evaluate((nav) =>
		Object.fromEntries(
			[...nav.querySelectorAll('[data-testid^="nav-"][data-state]')].map((li) => [
				li.getAttribute('data-testid')!.slice('nav-'.length),
				li.getAttribute('data-state')
			])
		)
	);
}

export interface BoardSnapshot {
	title: string;
	/** Per section (data-section), every field in display order as [label, value]. */
	sections: Record<string, Array<[string, string]>>;
}

/**
 * The board as a person sees it: the title and every field of every section in display order,
 * named by its label, with select values by their visible text and yes/no answers by which is
 * checked. The "add entry" and "paste" forms are the viewer's own drafts and are left out.
 */
export async function boardSnapshot(page: Page): Promise<BoardSnapshot> {
	return page.getByTestId('board').evaluate((board) => {
		const labelOf = (el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): string => {
			const aria = el.getAttribute('aria-label');
			const label = aria ?? el.labels?.[0]?.textContent ?? '';
			if (el instanceof HTMLInputElement && el.type === 'radio') {
				const legend = el.closest('fieldset')?.querySelector('legend')?.textContent ?? '';
				return `${legend.trim()} ${label.trim()}`;
			}
			return label.replace(/\s+/g, ' ').trim();
		};
		const valueOf = (el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): string => {
			if (el instanceof HTMLSelectElement) return el.selectedOptions[0]?.textContent?.trim() ?? '';
			if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) return el.checked ? 'checked' : '';
			return el.value;
		};
		const sections: Record<string, Array<[string, string]>> = {};
		for (const sectionEl of board.querySelectorAll<HTMLElement>('section[data-section]')) {
			const fields = [...sectionEl.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select')].filter(
				(el) => !el.closest('form[aria-label="Add a timeline entry"], details')
			);
			sections[sectionEl.dataset.section!] = fields.map((el) => [labelOf(el), valueOf(el)]);
		}
		const title = board.querySelector<HTMLInputElement>('#board-title')?.value ?? '';
		return { title, sections };
	});
}

/** A page whose sync messages can be held back both ways, to make two people's edits cross. */
export interface PausablePage {
	page: Page;
	/** From now on, nothing this page sends or would receive is delivered. */
	pause(): void;
	/** Delivers everything held back, in order, and stops holding. */
	resume(): void;
}

/** Like openWith, with the board's websocket passing through a switch (see PausablePage). */
export async function openPausable(browser: Browser, link: string, name: string, options: BrowserContextOptions = {}): Promise<PausablePage> {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	let held = false;
	const flushes: Array<() => void> = [];
	await page.routeWebSocket(/\/sync\//, (ws) => {
		const server = ws.connectToServer();
		const up: Array<string | Buffer> = [];
		const down: Array<string | Buffer> = [];
		ws.onMessage((message) => (held ? up.push(message) : server.send(message)));
		server.onMessage((message) => (held ? down.push(message) : ws.send(message)));
		flushes.push(() => {
			for (const message of up.splice(0)) server.send(message);
			for (const message of down.splice(0)) ws.send(message);
		});
	});
	await page.goto(link);
	await page.getByLabel('Display name').fill(name);
	await page.getByRole('button', { name: 'Join the board' }).click();
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	return {
		page,
		pause: () => {
			held = true;
		},
		resume: () => {
			held = false;
			for (const flush of flushes) flush();
		}
	};
}

// ---------------------------------------------------------------------------------------
// Facilitation (facilitation.e2e.ts).

/**
 * Opens a board link in a fresh context whose clock is `skewMs` off the real one. Playwright's
 * fake clock is installed at the skewed time and then resumed, so Date.now() is offset while
 * timers and intervals keep running in real time.
 */
export async function openSkewed(browser: Browser, link: string, name: string, skewMs: number): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.clock.install({ time: Date.now() + skewMs });
	await page.clock.resume();
	await page.goto(link);
	await page.getByLabel('Display name').fill(name);
	await page.getByRole('button', { name: 'Join the board' }).click();
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	return page;
}

/** How far a page's Date.now() is from the test runner's (ms). */
export async function clockSkew(page: Page): Promise<number> {
	const before = Date.now();
	const pageNow = await page.evaluate(() => Date.now());
	const after = Date.now();
	return pageNow - (before + after) / 2;
}

/** The countdown as the meeting bar holds it (data-remaining-ms), or null when no timer is shown. */
export async function remainingMs(page: Page): Promise<number | null> {
	const timer = page.getByTestId('timer');
	if ((await timer.count()) === 0) return null;
	const value = await timer.getAttribute('data-remaining-ms');
	return value === null ? null : Number(value);
}

/** The countdown as displayed ("m:ss"), in seconds, or null when no timer is shown. */
export async function displayedSeconds(page: Page): Promise<number | null> {
	const digits = page.getByTestId('timer').locator('.digits');
	if ((await digits.count()) === 0) return null;
	const match = /^(\d+):(\d{2})$/.exec((await digits.innerText()).trim());
	return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** The facilitator panel's row for a person in the People list. */
export function personRow(facilitatorPage: Page, name: string): Locator {
	return facilitatorPage.getByTestId('facilitator-panel').getByTestId('person').filter({ hasText: name });
}

/** A factor's row in the open vote, by the factor's title. */
export function voteRow(page: Page, factorTitle: string): Locator {
	return page.getByTestId('vote-factor').filter({ hasText: factorTitle });
}

/** Casts one vote for a factor and waits until the server took it (the votes left went down). */
export async function voteFor(page: Page, factorTitle: string): Promise<void> {
	const left = page.getByTestId('votes-left');
	const before = Number(await left.innerText());
	await page.getByRole('button', { name: `Vote for ${factorTitle}`, exact: true }).click();
	await expect(left).toHaveText(String(before - 1));
}

/** Resolves after the page has painted two more frames (lets a pending scroll start). */
export async function nextFrames(page: Page): Promise<void> {
	await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
