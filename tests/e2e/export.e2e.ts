import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { addActionItem, addFactor, createBoardFromHome, openAs, pasteTimelineLines, section } from './helpers.ts';
import { renderHtml } from '../../src/lib/board/export/html.ts';
import { hostileInput } from '../fixtures/export/hostile.ts';

const HEADINGS = ['Summary', 'Impact', 'Timeline', 'Root cause analysis', 'Contributing factors', 'Action items', 'What went well', 'Where we got lucky', 'Notes', 'Participants', 'Follow-up'];

async function download(page: Page, button: string): Promise<string> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-dialog').getByRole('button', { name: button }).click()]);
	return readFileSync(await file.path(), 'utf8');
}

test('the export dialog previews and downloads every format, and the HTML prints to a PDF with every section', async ({ browser, page }) => {
	const links = await createBoardFromHome(page, 'Export journey');
	const ana = await openAs(browser, links.facilitator, 'Ana');
	await ana.locator('#field-summary').fill('Checkout failed for 45 minutes after deploy 4512.');
	await pasteTimelineLines(ana, ['2026-01-05 14:02 UTC deploy 4512 started', '2026-01-05 14:09 UTC error-rate alert fired', '2026-01-05 14:47 UTC error rate back to normal']);
	await addFactor(ana, 'Migrations run with the deploy', 'process');
	await addActionItem(ana, { title: 'Run migrations in their own stage' });

	await ana.getByRole('button', { name: 'Export writeup' }).click();
	const dialog = ana.getByTestId('export-dialog');
	await expect(dialog).toBeVisible();
	// Incomplete parts are listed, and export still works.
	await expect(dialog.getByTestId('export-warnings')).toContainText('“Run migrations in their own stage”: No owner');
	// The preview is the HTML writeup in a sandboxed frame (opaque origin: checked through its source).
	await expect(dialog.getByTestId('export-preview')).toHaveAttribute('srcdoc', /<h1>Export journey<\/h1>[\s\S]*Run migrations in their own stage/);

	const markdown = await download(ana, 'Download Markdown');
	expect(markdown).toContain('# Export journey');
	expect(markdown).toContain('| Run migrations in their own stage |');
	const json = JSON.parse(await download(ana, 'Download JSON'));
	expect(json).toMatchObject({ format: 'debrief-postmortem', version: 1 });
	const html = await download(ana, 'Download HTML (print to PDF)');
	expect(html).toContain('Content-Security-Policy');

	// The HTML page printed to PDF has every section heading.
	const printer = await (await browser.newContext()).newPage();
	await printer.setContent(html);
	const dir = mkdtempSync(path.join(tmpdir(), 'debrief-pdf-'));
	const pdf = path.join(dir, 'writeup.pdf');
	writeFileSync(pdf, await printer.pdf({ format: 'A4' }));
	const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
	for (const heading of ['Export journey', ...HEADINGS]) expect(text, `PDF has "${heading}"`).toContain(heading);
	// Major sections start on their own pages.
	expect(text.split('\f').filter((page) => page.trim()).length).toBeGreaterThanOrEqual(5);

	// Names can be replaced by roles.
	await dialog.getByLabel('Replace names with roles').check();
	const anonymous = await download(ana, 'Download Markdown');
	expect(anonymous).not.toContain('Ana');

	// The JSON export imports as a new board from the home page.
	const importFile = path.join(dir, 'export.json');
	writeFileSync(importFile, JSON.stringify(json));
	await page.goto('/');
	await page.getByLabel('Debrief JSON export').setInputFiles(importFile);
	await page.getByRole('button', { name: 'Import' }).click();
	await expect(page.getByTestId('board-links')).toBeVisible();
	const copy = await openAs(browser, await page.getByTestId('link-observer').inputValue(), null);
	await expect(copy.locator('#board-title')).toHaveValue('Export journey');
	await expect(section(copy, 'Action items').getByLabel('Action 1')).toHaveValue('Run migrations in their own stage');

	// A file that is not an export is refused with the reason.
	const bad = path.join(dir, 'bad.json');
	writeFileSync(bad, '{"format": "trello"}');
	await page.getByLabel('Debrief JSON export').setInputFiles(bad);
	await page.getByRole('button', { name: 'Import' }).click();
	await expect(page.getByTestId('import-error')).toContainText('not a Debrief export');
});

test('hostile text in every field runs nothing in the HTML writeup opened in Chromium', async ({ page }) => {
	const dialogs: string[] = [];
	page.on('dialog', async (dialog) => {
		dialogs.push(dialog.message());
		await dialog.dismiss();
	});
	const requests: string[] = [];
	page.on('request', (request) => requests.push(request.url()));
	await page.setContent(renderHtml(hostileInput()));
	await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
	expect(await page.locator('script, iframe, object, embed, a[href]').count()).toBe(0);
	// Event handlers never became attributes.
	expect(await page.evaluate(() => [...document.querySelectorAll('*')].some((el) => [...el.attributes].some((a) => a.name.startsWith('on'))))).toBe(false);
	// The canvas picture stays an image.
	expect(await page.locator('img[src^="data:image/svg+xml"]').count()).toBe(1);
	expect(dialogs).toEqual([]);
	expect(requests.filter((url) => !url.startsWith('data:') && url !== 'about:blank')).toEqual([]);
});
