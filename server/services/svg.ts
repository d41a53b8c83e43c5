/**
 * Sanitising an uploaded SVG picture of the canvas (docs/protocol.md, "Canvas picture").
 *
 * The picture is written by a participant's browser, so it is untrusted: it is re-serialised
 * from an allowlist of SVG elements and attributes, never patched in place. Whatever is not
 * known to be inert is dropped: scripts, <foreignObject> (HTML), animation (which can rewrite
 * links), event-handler attributes, and every reference that leaves the document — only
 * same-document fragments (#id) and raster or font data: URLs remain. No DTD is read, so no
 * entity is ever expanded. Pure: no I/O, unit-tested with hostile input in svg.spec.ts.
 */
import { InvalidInputError } from '../../src/lib/board/errors.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Elements kept, with their content (if it is itself allowed). */
const ELEMENTS = new Set([
	'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'metadata',
	'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
	'text', 'tspan', 'textPath',
	'clipPath', 'mask', 'pattern', 'marker', 'linearGradient', 'radialGradient', 'stop', 'image', 'style', 'a', 'switch',
	'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting',
	'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR',
	'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting',
	'feSpotLight', 'feTile', 'feTurbulence'
]);

/** Attributes that hold a URL: only `#fragment` (and raster data: on <image>) survives. */
const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);

/** Attributes never kept, whatever their value. */
const DROPPED_ATTRIBUTES = new Set(['xml:base', 'formaction', 'action', 'attributename', 'values', 'from', 'to', 'by', 'begin']);

const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;
const RASTER_DATA_URL = /^data:image\/(?:png|jpeg|jpg|gif|webp);base64,[a-z0-9+/=\s]*$/i;
const FONT_DATA_URL = /^data:(?:font\/[a-z0-9.+-]+|application\/(?:x-)?font-[a-z0-9.+-]+|application\/font-woff2?|application\/octet-stream)(?:;[a-z0-9=.+-]+)*;base64,[a-z0-9+/=\s]*$/i;

/** Nesting deeper than this is not a drawing; refusing it keeps the serialiser's recursion bounded. */
const MAX_DEPTH = 200;

interface ElementNode {
	kind: 'element';
	name: string;
	attributes: Array<[string, string]>;
	children: Node[];
}
interface TextNode {
	kind: 'text';
	text: string;
}
type Node = ElementNode | TextNode;

/** The document must open with an <svg> element (after an optional XML declaration). */
export function looksLikeSvg(text: string): boolean {
	return /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?<svg[\s>/]/.test(text);
}

/** A safe SVG document equivalent to `input` for drawing purposes. Throws InvalidInputError if it is not an SVG document. */
export function sanitizeSvg(input: string): string {
	if (!looksLikeSvg(input)) throw new InvalidInputError('the picture must be an SVG document starting with <svg');
	const root = parse(input);
	const svg = root.children.find((n): n is ElementNode => n.kind === 'element');
	if (!svg || svg.name !== 'svg') throw new InvalidInputError('the picture must be an SVG document starting with <svg');
	const out: string[] = [];
	serialize(svg, out, 0, true);
	return out.join('');
}

// ---------------------------------------------------------------------------------------
// Parsing: a forgiving tokenizer into a tree. Unclosed elements are closed at the end, stray
// end tags are ignored. Comments, processing instructions, DOCTYPEs are skipped.

function parse(input: string): ElementNode {
	const root: ElementNode = { kind: 'element', name: '#root', attributes: [], children: [] };
	const stack: ElementNode[] = [root];
	const top = () => stack[stack.length - 1];
	let i = 0;
	while (i < input.length) {
		const lt = input.indexOf('<', i);
		if (lt === -1) {
			top().children.push({ kind: 'text', text: decodeEntities(input.slice(i)) });
			break;
		}
		if (lt > i) top().children.push({ kind: 'text', text: decodeEntities(input.slice(i, lt)) });
		if (input.startsWith('<!--', lt)) {
			const end = input.indexOf('-->', lt + 4);
			i = end === -1 ? input.length : end + 3;
		} else if (input.startsWith('<![CDATA[', lt)) {
			const end = input.indexOf(']]>', lt + 9);
			top().children.push({ kind: 'text', text: input.slice(lt + 9, end === -1 ? input.length : end) });
			i = end === -1 ? input.length : end + 3;
		} else if (input.startsWith('<!', lt)) {
			i = skipDeclaration(input, lt);
		} else if (input.startsWith('<?', lt)) {
			const end = input.indexOf('?>', lt + 2);
			i = end === -1 ? input.length : end + 2;
		} else if (input.startsWith('</', lt)) {
			const end = input.indexOf('>', lt + 2);
			const name = input.slice(lt + 2, end === -1 ? input.length : end).trim();
			i = end === -1 ? input.length : end + 1;
			const at = stack.map((e) => e.name).lastIndexOf(name);
			if (at > 0) stack.length = at;
		} else {
			const tag = readTag(input, lt);
			if (!tag) {
				top().children.push({ kind: 'text', text: '<' });
				i = lt + 1;
				continue;
			}
			i = tag.end;
			const element: ElementNode = { kind: 'element', name: tag.name, attributes: tag.attributes, children: [] };
			top().children.push(element);
			if (!tag.selfClosing) {
				if (stack.length > MAX_DEPTH) throw new InvalidInputError('the picture is nested too deeply');
				stack.push(element);
			}
		}
	}
	return root;
}

/** Skips `<!DOCTYPE …>` including an internal subset in brackets. */
function skipDeclaration(input: string, start: number): number {
	let depth = 0;
	for (let i = start + 2; i < input.length; i++) {
		const c = input[i];
		if (c === '[') depth++;
		else if (c === ']') depth = Math.max(0, depth - 1);
		else if (c === '>' && depth === 0) return i + 1;
	}
	return input.length;
}

function readTag(input: string, start: number): { name: string; attributes: Array<[string, string]>; selfClosing: boolean; end: number } | null {
	const nameMatch = /^[A-Za-z_][A-Za-z0-9_.:-]*/.exec(input.slice(start + 1, start + 200));
	if (!nameMatch) return null;
	const name = nameMatch[0];
	let i = start + 1 + name.length;
	const attributes: Array<[string, string]> = [];
	for (;;) {
		while (i < input.length && /\s/.test(input[i])) i++;
		if (i >= input.length) return { name, attributes, selfClosing: false, end: i };
		if (input[i] === '>') return { name, attributes, selfClosing: false, end: i + 1 };
		if (input.startsWith('/>', i)) return { name, attributes, selfClosing: true, end: i + 2 };
		const attr = /^[^\s=>/]+/.exec(input.slice(i, i + 200));
		if (!attr) {
			i++; // a stray character such as a lone '/'
			continue;
		}
		i += attr[0].length;
		while (i < input.length && /\s/.test(input[i])) i++;
		let value = '';
		if (input[i] === '=') {
			i++;
			while (i < input.length && /\s/.test(input[i])) i++;
			const quote = input[i];
			if (quote === '"' || quote === "'") {
				const end = input.indexOf(quote, i + 1);
				value = input.slice(i + 1, end === -1 ? input.length : end);
				i = end === -1 ? input.length : end + 1;
			} else {
				const bare = /^[^\s>]*/.exec(input.slice(i))![0];
				value = bare;
				i += bare.length;
			}
		}
		attributes.push([attr[0], decodeEntities(value)]);
	}
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

/** XML's predefined entities and character references; anything else (a DTD's entities) is dropped. */
function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (_, ref: string) => {
		if (ref[0] === '#') {
			const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
			return allowed ? String.fromCodePoint(code) : '';
		}
		return NAMED_ENTITIES[ref] ?? '';
	});
}

// ---------------------------------------------------------------------------------------
// Serialising what is allowed.

function serialize(element: ElementNode, out: string[], depth: number, isRoot: boolean): void {
	if (!ELEMENTS.has(element.name) || depth > MAX_DEPTH) return;
	const attributes = cleanAttributes(element);
	if (isRoot && !attributes.some(([name]) => name === 'xmlns')) attributes.unshift(['xmlns', SVG_NS]);
	if (attributes.some(([name]) => name === 'xlink:href') && !attributes.some(([name]) => name === 'xmlns:xlink')) attributes.push(['xmlns:xlink', XLINK_NS]);
	out.push(`<${element.name}`);
	for (const [name, value] of attributes) out.push(` ${name}="${escapeAttribute(value)}"`);
	if (element.name === 'style') {
		const css = cleanCss(element.children.map((c) => (c.kind === 'text' ? c.text : '')).join(''));
		out.push(css ? `>${escapeText(css)}</style>` : '/>');
		return;
	}
	if (element.children.length === 0) {
		out.push('/>');
		return;
	}
	out.push('>');
	for (const child of element.children) {
		if (child.kind === 'text') out.push(escapeText(child.text));
		else serialize(child, out, depth + 1, false);
	}
	out.push(`</${element.name}>`);
}

function cleanAttributes(element: ElementNode): Array<[string, string]> {
	const kept: Array<[string, string]> = [];
	const seen = new Set<string>();
	for (const [name, value] of element.attributes) {
		const lower = name.toLowerCase();
		if (!ATTRIBUTE_NAME.test(name) || seen.has(name)) continue;
		if (lower.startsWith('on') || DROPPED_ATTRIBUTES.has(lower)) continue;
		if (lower.startsWith('xmlns')) {
			if ((lower === 'xmlns' && value === SVG_NS) || (lower === 'xmlns:xlink' && value === XLINK_NS)) kept.push([lower, value]);
			continue;
		}
		if (lower.includes(':') && lower !== 'xlink:href' && lower !== 'xml:space' && lower !== 'xml:lang') continue;
		let clean: string | null = value;
		if (URL_ATTRIBUTES.has(lower)) clean = cleanUrl(value, element.name === 'image');
		else if (lower === 'style') clean = cleanCss(value);
		else if (/url\s*\(|\\|javascript:|expression\s*\(/i.test(value)) clean = cleanCss(value);
		if (clean === null) continue;
		seen.add(name);
		kept.push([name, clean]);
	}
	return kept;
}

/** Control characters and whitespace are ignored by URL parsers, so they are ignored here too. */
const normalizeUrl = (url: string) => url.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');

function cleanUrl(value: string, rasterAllowed: boolean): string | null {
	const url = normalizeUrl(value);
	if (url.startsWith('#') && /^#[A-Za-z0-9_.:-]*$/.test(url)) return url;
	if (rasterAllowed && RASTER_DATA_URL.test(url)) return url;
	return null;
}

/** A url(...) target that stays inside the picture: a fragment, a raster image or a font. */
function allowedCssUrl(target: string): boolean {
	const url = normalizeUrl(target.replace(/^['"]|['"]$/g, ''));
	return (url.startsWith('#') && /^#[A-Za-z0-9_.:-]*$/.test(url)) || RASTER_DATA_URL.test(url) || FONT_DATA_URL.test(url);
}

/**
 * CSS from a style attribute or a <style> element. Every url(...) must stay inside the
 * picture or it becomes `none`; CSS escapes, @import, expression() and javascript: anywhere
 * make the whole block unreadable to us, so it is dropped.
 */
function cleanCss(css: string): string | null {
	if (/\\|@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding|<\/?[a-z!]/i.test(css.replace(/\/\*[\s\S]*?\*\//g, ''))) return null;
	const replaced = css.replace(/url\(\s*('[^']*'|"[^"]*"|[^)'"]*)\s*\)/gi, (whole, target: string) => (allowedCssUrl(target) ? whole : 'none'));
	// Anything still looking like url( was not in a form we could read.
	const withoutAllowed = replaced.replace(/url\(\s*('[^']*'|"[^"]*"|[^)'"]*)\s*\)/gi, '');
	if (/url\s*\(/i.test(withoutAllowed)) return null;
	return replaced;
}

function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
	return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
