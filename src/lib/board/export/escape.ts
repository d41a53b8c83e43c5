/**
 * Making people's text inert in each format. Everything a person typed goes through one of
 * these before it reaches a writeup, so `<script>`, `<img onerror=…>`, `javascript:` links or
 * raw HTML come out as the characters that were typed, never as tags or links.
 */

/** HTML text and attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Anything a Markdown renderer could turn into a link: URLs with a scheme, dangerous schemes
 * without slashes, www., e-mail addresses, and bare domains (some renderers linkify those).
 */
const LINKISH =
	/(?:\b(?:[a-z][a-z0-9+.-]*:\/\/|(?:javascript|data|vbscript|mailto|file|tel|sms|ftp):)\S*|\bwww\.\S+|[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[^\s@<>()[\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b\S*)/gi;

/**
 * Markdown inline text: every character with a meaning is backslash-escaped, line starts
 * that would open a block (lists, headings, quotes, code) are defused, and anything
 * link-like is put in a code span — the one construct no renderer linkifies or parses.
 * `table` additionally keeps the text on one line and escapes the cell separator.
 */
export function escapeMarkdown(text: string, { table = false } = {}): string {
	const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim());
	const kept = table ? [lines.filter(Boolean).join(' ')] : lines;
	return kept.map((line) => escapeLine(line, table)).join(table ? '' : '\\\n');
}

function escapeLine(line: string, table: boolean): string {
	let out = '';
	let last = 0;
	for (const match of line.matchAll(LINKISH)) {
		out += escapePlain(line.slice(last, match.index));
		out += codeSpan(match[0], table);
		last = match.index! + match[0].length;
	}
	out += escapePlain(line.slice(last));
	// Block markers only matter at the start of a line.
	return out.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

function escapePlain(text: string): string {
	return text.replace(/[\\`*_[\]{}<>|~#!()&"]/g, '\\$&');
}

function codeSpan(text: string, table: boolean): string {
	const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
	const fence = '`'.repeat(longest + 1);
	const body = table ? text.replace(/\|/g, '\\|') : text;
	const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
	return `${fence}${pad}${body}${pad}${fence}`;
}
