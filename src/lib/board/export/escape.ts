/**
 * Making people's text inert in each format. Everything a person typed goes through one of
 * these before it reaches a writeup, so `<script>`, `<img onerror=…>`, `javascript:` links or
 * raw HTML come out as the characters that were typed, never as tags or links.
 */
import { linkStart } from './links.ts';

/** HTML text and attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Markdown inline text: every character with a meaning is backslash-escaped, line starts
 * that would open a block (lists, headings, quotes, code) are defused, and anything
 * link-like is put in a code span — the one construct no renderer linkifies or parses.
 * `table` additionally keeps the text on one line and escapes the cell separator.
 *
 * X2: linear in the length of the text, whatever it holds. Links never contain whitespace:
 * each word with a link character is looked at on its own, where something link-like
 * starts is found by scanning it a bounded number of times (links.ts), and from there to
 * the word's end goes in the code span. No regular expression here can backtrack.
 */
export function escapeMarkdown(text: string, { table = false } = {}): string {
	// Trimmed first: a line break at the very end would leave a literal "\" in the writeup.
	const lines = text.trim().replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim());
	const kept = table ? [lines.filter(Boolean).join(' ')] : lines;
	return kept.map((line) => escapeLine(line, table)).join(table ? '' : '\\\n');
}

function escapeLine(line: string, table: boolean): string {
	let out = '';
	let plainFrom = 0;
	// Only words holding a link character can be link-like: jump from one such word to the next.
	for (let at = nextLinkChar(line, 0); at >= 0; ) {
		const word = wordAround(line, at);
		const start = linkStart(line.slice(word.start, word.end));
		if (start >= 0) {
			out += escapePlain(line.slice(plainFrom, word.start + start)) + codeSpan(line.slice(word.start + start, word.end), table);
			plainFrom = word.end;
		}
		at = nextLinkChar(line, word.end);
	}
	out += escapePlain(line.slice(plainFrom));
	return defuseBlockMarker(out);
}

/** Block markers only matter at the start of a line (-, +, = and "1." or "1)"); the rest are escaped already. */
function defuseBlockMarker(line: string): string {
	const first = line.charCodeAt(0);
	if (first === 45 || first === 43 || first === 61) return `\\${line}`;
	return first >= 48 && first <= 57 ? line.replace(/^(\d+)([.)])/, '$1\\$2') : line;
}

/** Every kind of link has a dot, a colon or an @ (links.ts). */
const LINK_CHAR = /[.:@]/g;

function nextLinkChar(line: string, from: number): number {
	LINK_CHAR.lastIndex = from;
	return LINK_CHAR.exec(line)?.index ?? -1;
}

/** The whitespace-delimited word holding `at`; the scans never cross into the previous word. */
function wordAround(line: string, at: number): { start: number; end: number } {
	let start = at;
	while (start > 0 && !isWhitespace(line.charCodeAt(start - 1))) start--;
	let end = at;
	while (end < line.length && !isWhitespace(line.charCodeAt(end))) end++;
	return { start, end };
}

/** The same whitespace as `\s` in a regular expression. */
function isWhitespace(c: number): boolean {
	if (c < 128) return c === 32 || (c >= 9 && c <= 13);
	return /\s/.test(String.fromCharCode(c));
}

/** One replacement per run of special characters, not per character: a pasted row of `*` stays cheap. */
function escapePlain(text: string): string {
	return text.replace(/[\\`*_[\]{}<>|~#!()&"]+/g, (run) => `\\${run.split('').join('\\')}`);
}

function codeSpan(text: string, table: boolean): string {
	const fence = '`'.repeat(longestBacktickRun(text) + 1);
	const body = table ? text.replace(/\|/g, '\\|') : text;
	const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
	return `${fence}${pad}${body}${pad}${fence}`;
}

/** A loop, not Math.max(...matches): a text of a million backtick runs would overflow the stack. */
function longestBacktickRun(text: string): number {
	let longest = 0;
	let run = 0;
	for (let i = 0; i < text.length; i++) {
		run = text.charCodeAt(i) === 96 ? run + 1 : 0;
		if (run > longest) longest = run;
	}
	return longest;
}
