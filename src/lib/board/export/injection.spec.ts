import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { fixtureInput } from '../../../../tests/fixtures/export/board.ts';
import { renderMarkdown } from './markdown.ts';
import { renderHtml } from './html.ts';
import { renderJson, parseExportFile } from './json.ts';
import type { ExportInput } from './model.ts';

/** Strings that try to become markup, script or links in one format or another. */
export const HOSTILE = [
	'<script>alert("x")</script>',
	'<img src=x onerror=alert(1)>',
	'[click me](javascript:alert(1))',
	'javascript:alert(document.cookie)',
	'<a href="https://evil.example">win</a>',
	'![pixel](https://evil.example/p.png)',
	'https://evil.example/phish',
	'www.evil.example',
	'mallory@evil.example',
	'<iframe src="data:text/html,<script>alert(1)</script>">',
	'"><svg onload=alert(1)>',
	'`code` ** bold ** _i_ # h | pipe',
	'<!-- comment --> &lt;b&gt; &#60;script&#62;',
	'<style>body{display:none}</style>'
].join(' ');

/** The fixture with every piece of people's text replaced by hostile strings. */
export function hostileInput(): ExportInput {
	const input = fixtureInput();
	const h = HOSTILE;
	const b = input.board;
	b.header = { ...b.header, title: h.slice(0, 200), incident: h, services: h };
	b.summary = `${h}\n${h}`;
	b.notes = h;
	b.impact = { ...b.impact, usersAffected: h, dataLost: true, dataLostWhat: h, financialImpact: h };
	b.timeline = b.timeline.map((e) => ({ ...e, description: h, author: h.slice(0, 100) }));
	b.whyChains = b.whyChains.map((c) => ({ ...c, problem: h, steps: c.steps.map((s) => ({ ...s, why: h, because: h })) }));
	b.factors = b.factors.map((f) => ({ ...f, title: h, description: h }));
	b.actions = b.actions.map((a) => ({ ...a, title: h, owner: h.slice(0, 100) }));
	b.wentWell = [{ id: 'g1', text: h }];
	b.lucky = [{ id: 'l1', text: h }];
	input.attendees = [
		{ name: '<b>Fran</b>', role: 'facilitator' },
		{ name: 'javascript:x', role: 'participant' }
	];
	input.noteTaker = 'javascript:x';
	input.canvasSvg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
	return input;
}

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
