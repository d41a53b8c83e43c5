import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/lib/board/errors.ts';
import { looksLikeSvg, sanitizeSvg } from './svg.ts';

const wrap = (inner: string, attrs = '') => `<svg xmlns="http://www.w3.org/2000/svg"${attrs}>${inner}</svg>`;

/** What a browser would treat as active or as a request leaving the picture. */
function assertInert(svg: string): void {
	expect(svg).not.toMatch(/<script/i);
	expect(svg).not.toMatch(/<foreignObject/i);
	expect(svg).not.toMatch(/<(iframe|object|embed|animate|set|handler|listener)\b/i);
	expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
	expect(svg).not.toMatch(/javascript:/i);
	expect(svg).not.toMatch(/data:text\/html/i);
	expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/(2000\/svg|1999\/xlink))/i);
	expect(svg).not.toMatch(/@import/i);
	expect(svg).not.toMatch(/<!DOCTYPE|<!ENTITY/i);
}

describe('sanitizeSvg: what a drawing needs survives', () => {
	it('keeps shapes, text, gradients, fragment references, styles with embedded fonts and raster images', () => {
		const font = 'data:font/woff2;base64,d09GMgABAAAAA';
		const png = 'data:image/png;base64,iVBORw0KGgo=';
		const input = wrap(
			`<defs><linearGradient id="g1"><stop offset="0" stop-color="#fff"/></linearGradient><marker id="m1"><path d="M0 0L5 5"/></marker></defs>` +
				`<style>@font-face { font-family: "tldraw_draw"; src: url("${font}"); } .a > .b { fill: red; }</style>` +
				`<g transform="translate(10, 20)" opacity="0.5"><rect width="240" height="128" rx="8" fill="url(#g1)" style="stroke: #333; marker-end: url(#m1)"/>` +
				`<text x="12" y="30" font-family="sans-serif" xml:space="preserve">No alert on pool saturation &amp; retries &lt;3&gt;</text>` +
				`<image href="${png}" width="10" height="10"/><use xlink:href="#m1"/></g>`,
			' viewBox="0 0 240 128" width="240" height="128"'
		);
		const out = sanitizeSvg(input);
		expect(out).toContain('viewBox="0 0 240 128"');
		expect(out).toContain('<rect width="240" height="128" rx="8" fill="url(#g1)" style="stroke: #333; marker-end: url(#m1)"/>');
		expect(out).toContain('No alert on pool saturation &amp; retries &lt;3&gt;');
		expect(out).toContain(`src: url("${font}")`);
		expect(out).toContain('.a &gt; .b { fill: red; }');
		expect(out).toContain(`href="${png}"`);
		expect(out).toContain('xlink:href="#m1"');
		expect(out).toContain('xmlns:xlink="http://www.w3.org/1999/xlink"');
		assertInert(out);
	});

	it('adds the SVG namespace when it is missing, so the file renders on its own', () => {
		expect(sanitizeSvg('<svg width="1" height="1"></svg>')).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
	});

	it('accepts an XML declaration and a byte-order mark before <svg', () => {
		expect(sanitizeSvg('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
	});
});

describe('sanitizeSvg: hostile pictures', () => {
	const hostile: Array<[string, string]> = [
		['a script element', wrap('<script>alert(1)</script><rect/>')],
		['a script element in upper case', wrap('<SCRIPT>alert(1)</SCRIPT>')],
		['a script in CDATA', wrap('<script><![CDATA[alert(1)]]></script>')],
		['a namespaced script', wrap('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>')],
		['an onload on the root', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'],
		['event handlers in odd case and spacing', wrap('<rect OnClick = "alert(1)" onmouseover=alert(1) />')],
		['foreignObject with HTML', wrap('<foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"></iframe><img src=x onerror=alert(1)></div></foreignObject>')],
		['a javascript: link', wrap('<a href="javascript:alert(1)"><text>click</text></a>')],
		['an obfuscated javascript: link', wrap('<a xlink:href="  jav&#x09;ascript&#58;alert(1)"><text>click</text></a>')],
		['a data:text/html link', wrap('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="><text>x</text></a>')],
		['an external link', wrap('<a href="https://evil.example/phish"><text>x</text></a>')],
		['an external image', wrap('<image href="https://evil.example/track.png"/><image xlink:href="//evil.example/t.png"/>')],
		['an SVG data image (could carry script)', wrap('<image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"/>')],
		['an external use', wrap('<use href="https://evil.example/sprite.svg#icon"/>')],
		['animation rewriting a link', wrap('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>')],
		['a style element importing', wrap('<style>@import url(https://evil.example/x.css); rect { fill: red }</style>')],
		['a style element fetching', wrap('<style>rect { background: url(https://evil.example/beacon) }</style>')],
		['a style element with CSS escapes', wrap('<style>rect { background: u\\72l(https://evil.example/b) }</style>')],
		['a style attribute fetching', wrap('<rect style="fill: url(https://evil.example/beacon#x)"/>')],
		['a presentation attribute fetching', wrap('<rect fill="url(https://evil.example/p.svg#g)"/>')],
		['a style element closing itself early', wrap('<style>rect{}</style><script>alert(1)</script>')],
		['a DOCTYPE with entities', '<svg xmlns="http://www.w3.org/2000/svg"><!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]><text>&x;</text></svg>'],
		['a comment hiding markup', wrap('<!-- <script>alert(1)</script> --><rect/>')],
		['an unclosed script', wrap('<script>alert(1)')],
		['an iframe and embed', wrap('<iframe src="https://evil.example"/><embed src="https://evil.example"/><object data="https://evil.example"/>')],
		['an xml:base redirect', wrap('<g xml:base="https://evil.example/"><use href="#a"/></g>')],
		['a handler element', wrap('<handler type="application/ecmascript">alert(1)</handler><listener event="load"/>')],
		['an external font', wrap('<style>@font-face { font-family: x; src: url(https://evil.example/f.woff2) }</style>')]
	];

	it.each(hostile)('makes %s inert', (_, input) => {
		assertInert(sanitizeSvg(input));
	});

	it('keeps the harmless parts around the hostile ones', () => {
		const out = sanitizeSvg(wrap('<rect width="5" height="5" onclick="alert(1)"/><script>alert(1)</script><circle r="3"/>'));
		expect(out).toBe('<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/><circle r="3"/></svg>');
	});

	it('never expands entities from a DTD, and drops unknown ones', () => {
		const out = sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><!DOCTYPE svg [<!ENTITY lol "lollollol">]><text>&lol;&lol;&#65;</text></svg>');
		expect(out).toContain('<text>A</text>');
	});

	it('escapes text so it cannot open markup', () => {
		const out = sanitizeSvg(wrap('<text><![CDATA[</text><script>alert(1)</script>]]></text>'));
		expect(out).toContain('&lt;/text&gt;&lt;script&gt;');
		assertInert(out.replace(/&lt;script&gt;/g, ''));
	});

	it('refuses what is not an SVG document', () => {
		for (const input of ['', 'hello', '<html><svg/></html>', '<!DOCTYPE svg><svg/>', '<svgx/>', '{"svg": 1}']) {
			expect(looksLikeSvg(input)).toBe(false);
			expect(() => sanitizeSvg(input)).toThrow(InvalidInputError);
		}
	});

	it('refuses absurd nesting instead of recursing without end', () => {
		expect(() => sanitizeSvg(`<svg>${'<g>'.repeat(5000)}</svg>`)).toThrow(InvalidInputError);
	});
});
