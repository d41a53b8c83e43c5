import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { HOSTILE, hostileInput } from '../../../../tests/fixtures/export/hostile.ts';
import { renderMarkdown } from './markdown.ts';
import { renderHtml } from './html.ts';
import { renderJson, parseExportFile } from './json.ts';

describe('hostile text in every field', () => {
	it('comes out of Markdown as text: no tag and no link in a renderer that allows HTML and linkifies', () => {
		const md = renderMarkdown(hostileInput());
		const html = new MarkdownIt({ html: true, linkify: true }).render(md);
		const tags = [...html.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((m) => m[1].toLowerCase());
		const allowed = new Set(['h1', 'h2', 'h3', 'p', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'hr', 'img']);
		expect(tags.filter((tag) => !allowed.has(tag))).toEqual([]);
		// The only image is the accompanying canvas file; nothing is a link.
		expect([...html.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1])).toEqual([expect.stringMatching(/-canvas\.svg$/)]);
		expect(html).not.toMatch(/<a\s/i);
	});

	it('comes out of HTML escaped: no script, no event handler, no link, no frame', () => {
		const html = renderHtml(hostileInput());
		const body = html.slice(html.indexOf('<body>'));
		expect(body).not.toMatch(/<(script|iframe|a|svg|style|object|embed)\b/i);
		// No attribute anywhere is an event handler.
		expect(body).not.toMatch(/<[^>]*\son\w+\s*=/i);
		// The canvas picture is only ever an image (where SVG cannot run script).
		expect(html).toMatch(/<img alt="[^"]*" src="data:image\/svg\+xml;base64,/);
		expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
	});

	it('survives a JSON round trip unchanged', () => {
		const input = hostileInput();
		const file = parseExportFile(renderJson(input));
		expect(file.board.summary).toBe(input.board.summary);
		expect(file.board.factors[0].title).toBe(HOSTILE);
	});
});
