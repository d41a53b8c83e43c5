import { expect, type Browser, type Page } from '@playwright/test';

export interface BoardLinks {
	facilitator: string;
	participant: string;
	observer: string;
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
export async function openAs(browser: Browser, link: string, name: string | null): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(link);
	if (name) {
		await page.getByLabel('Display name').fill(name);
		await page.getByRole('button', { name: 'Join the board' }).click();
	}
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'connected');
	return page;
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
