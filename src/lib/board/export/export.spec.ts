import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fixtureInput } from '../../../../tests/fixtures/export/board.ts';
import { readBoard } from '../board.ts';
import { readControl } from '../control.ts';
import { addFactor } from '../factors.ts';
import { syncCanvasLinks } from '../causal-links.ts';
import { Origin } from '../schema.ts';
import { renderMarkdown } from './markdown.ts';
import { renderHtml, HTML_EXPORT_CSP } from './html.ts';
import { InvalidInputError } from '../errors.ts';
import { parseExportFile, renderJson } from './json.ts';
import { writeImportedBoard } from './import.ts';
import { exportInput, exportWarnings, type ExportInput } from './model.ts';
import { escapeMarkdown } from './escape.ts';

const golden = async (name: string, actual: string) => {
	const path = new URL(`../../../../tests/fixtures/export/${name}`, import.meta.url);
	if (process.env.UPDATE_GOLDEN) await writeFile(path, actual);
	expect(actual).toBe(await readFile(path, 'utf8'));
};

/** Reads an imported board back into an export input. */
function inputFromDocs(board: Y.Doc, control: Y.Doc, like: ExportInput): ExportInput {
	return exportInput(readBoard(board), readControl(control), like.canvasSvg, like.exportedAt);
}

describe('writeup export', () => {
	it('renders the fixture board as the golden Markdown', async () => {
		await golden('golden.md', renderMarkdown(fixtureInput()));
	});

	it('renders the fixture board as the golden HTML page', async () => {
		await golden('golden.html', renderHtml(fixtureInput()));
	});

	it('replaces names with roles and can leave the notes out', () => {
		const md = renderMarkdown(fixtureInput(), { namesAsRoles: true, includeNotes: false });
		expect(md).not.toMatch(/\bAna\b|\bBen\b|\bFran\b/);
		expect(md).toContain('Note-taker');
		expect(md).toContain('Participant 1');
		expect(md).not.toContain('## Notes');
	});

	it('round-trips: JSON export → import → Markdown equals the original Markdown', () => {
		const input = fixtureInput();
		const file = parseExportFile(renderJson(input));
		const board = new Y.Doc();
		const control = new Y.Doc();
		writeImportedBoard(file, board, control);
		expect(renderMarkdown(inputFromDocs(board, control, input))).toBe(renderMarkdown(input));
	});

	it('builds one input from the documents, whoever exports: causal links without the canvas arrow ids', () => {
		const board = new Y.Doc();
		const from = addFactor(board, { title: 'No alert on lock waits' });
		const to = addFactor(board, { title: 'Migrations run with the deploy' });
		syncCanvasLinks(board, [{ id: 'shape:arrow1', from, to }], Origin.canvas);
		const input = exportInput(readBoard(board), readControl(new Y.Doc()), null, '2026-01-07T10:00:00.000Z');
		expect(input.causalLinks).toEqual([{ from, to }]);
		expect(JSON.parse(renderJson(input)).causalLinks).toEqual([{ from, to }]);
		expect(renderJson(input)).not.toContain('shape:arrow1');
	});

	it('rejects files that are not valid exports, saying why', () => {
		expect(() => parseExportFile('not json')).toThrow(/not a JSON file/);
		expect(() => parseExportFile({ hello: 1 })).toThrow(/not a Debrief export/);
		const file = JSON.parse(renderJson(fixtureInput()));
		expect(() => parseExportFile({ ...file, version: 99 })).toThrow(/version 99/);
		file.board.timeline[0].at = 'yesterday';
		expect(() => parseExportFile(file)).toThrow(/board\.timeline\[0\]\.at/);
		const dangling = JSON.parse(renderJson(fixtureInput()));
		dangling.board.actions[0].factorId = 'missing';
		expect(() => parseExportFile(dangling)).toThrow(InvalidInputError);
	});

	it('puts a restrictive CSP and no script in the HTML', () => {
		const html = renderHtml(fixtureInput());
		expect(html).toContain(`content="${HTML_EXPORT_CSP.replace(/'/g, '&#39;')}"`);
		expect(html).not.toMatch(/<script/i);
	});

	it('warns about what is incomplete, without blocking', () => {
		const input = fixtureInput();
		input.board.actions[0].owner = '';
		input.board.impact.usersAffected = '';
		input.board.summary = 'Ben forgot to run the check.';
		const warnings = exportWarnings(input.board).map((w) => `${w.section}: ${w.message}`);
		expect(warnings.join('\n')).toMatch(/impact/);
		expect(warnings.some((w) => w.startsWith('actions:'))).toBe(true);
		expect(warnings.some((w) => w.includes('Blame language'))).toBe(true);
		expect(renderMarkdown(input)).toContain('## Action items');
	});
});

describe('escapeMarkdown', () => {
	it('keeps plain sentences readable', () => {
		expect(escapeMarkdown('Rolled back the deploy at 15:20')).toBe('Rolled back the deploy at `15:20`'.replace('`15:20`', '15:20'));
	});
	it('turns tags, links and block markers into inert text', () => {
		expect(escapeMarkdown('<script>alert(1)</script>')).toBe('\\<script\\>alert\\(1\\)\\</script\\>');
		expect(escapeMarkdown('[click](javascript:alert(1))')).toContain('`javascript:alert(1))`');
		expect(escapeMarkdown('# heading')).toBe('\\# heading');
		expect(escapeMarkdown('- item')).toBe('\\- item');
		expect(escapeMarkdown('1. item')).toBe('1\\. item');
		expect(escapeMarkdown('a | b', { table: true })).toBe('a \\| b');
	});
});
