/**
 * Where a word (a run without whitespace) starts to look like a link, for the Markdown
 * escaper, in time linear in the word's length (X2). The kinds are those renderers linkify:
 *
 * - a URL with a scheme, `scheme://…`, the scheme starting with a letter at a word boundary;
 * - a dangerous scheme without slashes: `javascript:`, `data:`, `vbscript:`, `mailto:`,
 *   `file:`, `tel:`, `sms:`, `ftp:`;
 * - `www.` followed by anything;
 * - an e-mail address `local@domain.tld` (its parts without `@<>()[]`);
 * - a bare domain `label(.label)*.tld`, labels of letters, digits and `-`, the last part two
 *   or more letters ending at a word boundary.
 *
 * ASCII letters match in either case; "word boundary" is JavaScript's `\b`. Each kind is
 * found by scanning the word a bounded number of times: no backtracking over people's text.
 */

const DANGEROUS_SCHEMES = ['javascript', 'data', 'vbscript', 'mailto', 'file', 'tel', 'sms', 'ftp'];

/** Index of the first character of the first link-like part of `word`, or -1. */
export function linkStart(word: string): number {
	let first = -1;
	for (const find of FINDERS) {
		const start = find(word);
		if (start >= 0 && (first < 0 || start < first)) first = start;
	}
	return first;
}

const isLetter = (c: number) => (c | 0x20) >= 97 && (c | 0x20) <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordChar = (c: number) => isLetter(c) || isDigit(c) || c === 95; // _
const isSchemeChar = (c: number) => isLetter(c) || isDigit(c) || c === 43 || c === 45 || c === 46; // + - .
const isDomainChar = (c: number) => isLetter(c) || isDigit(c) || c === 45 || c === 46; // - .
const isLabelChar = (c: number) => isLetter(c) || isDigit(c) || c === 45;
/** Anything but @ < > ( ) [ ] (a word holds no whitespace). */
const isEmailChar = (c: number) => c !== 64 && c !== 60 && c !== 62 && c !== 40 && c !== 41 && c !== 91 && c !== 93;

const code = (word: string, i: number) => word.charCodeAt(i);

function atWordBoundary(word: string, i: number): boolean {
	return isWordChar(code(word, i)) !== (i > 0 && isWordChar(code(word, i - 1)));
}

/** Whether `lower` (lower-case ASCII) occurs at `i`, letters compared in either case. */
function occursAt(word: string, i: number, lower: string): boolean {
	if (i < 0 || i + lower.length > word.length) return false;
	for (let k = 0; k < lower.length; k++) {
		const c = code(word, i + k);
		if ((isLetter(c) ? c | 0x20 : c) !== lower.charCodeAt(k)) return false;
	}
	return true;
}

/** `scheme://`: the scheme is the run of scheme characters before `://`; runs before two `://` never overlap. */
function schemeUrlStart(word: string): number {
	for (let slashes = word.indexOf('://'); slashes >= 0; slashes = word.indexOf('://', slashes + 3)) {
		let run = slashes;
		while (run > 0 && isSchemeChar(code(word, run - 1))) run--;
		for (let i = run; i < slashes; i++) if (isLetter(code(word, i)) && atWordBoundary(word, i)) return i;
	}
	return -1;
}

/** `javascript:` and the like: a name ending right before a colon. The first colon that has one wins. */
function dangerousSchemeStart(word: string): number {
	for (let colon = word.indexOf(':'); colon >= 0; colon = word.indexOf(':', colon + 1)) {
		for (const scheme of DANGEROUS_SCHEMES) {
			const i = colon - scheme.length;
			if (occursAt(word, i, scheme) && atWordBoundary(word, i)) return i;
		}
	}
	return -1;
}

function wwwStart(word: string): number {
	for (let i = 0; i + 4 < word.length; i++) if ((code(word, i) | 0x20) === 119 && occursAt(word, i, 'www.') && atWordBoundary(word, i)) return i;
	return -1;
}

/**
 * `local@domain.tld`: for each @, the local part is the run of e-mail characters before it
 * and the domain the run after it, which must hold a dot with a character on each side.
 */
function emailStart(word: string): number {
	for (let at = word.indexOf('@'); at >= 0; at = word.indexOf('@', at + 1)) {
		let local = at;
		while (local > 0 && isEmailChar(code(word, local - 1))) local--;
		// The domain needs a dot with a character on each side: its first dot past its first character.
		let end = at + 1;
		let dot = -1;
		while (end < word.length && isEmailChar(code(word, end))) {
			if (dot < 0 && code(word, end) === 46 && end > at + 1) dot = end;
			end++;
		}
		if (local < at && dot >= 0 && dot < end - 1) return local;
	}
	return -1;
}

/** Bare domains lie inside one run of domain characters (letters, digits, `-`, `.`). */
function bareDomainStart(word: string): number {
	let i = 0;
	while (i < word.length) {
		if (!isDomainChar(code(word, i))) {
			i++;
			continue;
		}
		let end = i;
		while (end < word.length && isDomainChar(code(word, end))) end++;
		const start = domainStartInRun(word, i, end);
		if (start >= 0) return start;
		i = end;
	}
	return -1;
}

/**
 * Within one run, the dots cut labels. A domain starts at a word boundary inside a label
 * and needs, after it, only non-empty labels up to one that is a top-level part. So the
 * earliest boundary since the last empty label is the start, once such a part follows it.
 */
function domainStartInRun(word: string, from: number, to: number): number {
	let start = -1;
	let label = from;
	for (let p = from; p <= to; p++) {
		if (p < to && code(word, p) !== 46) continue;
		if (label === p) start = -1; // an empty label: nothing before it can reach a top-level part
		else if (start >= 0 && isTopLevel(word, label, p)) return start;
		else if (start < 0) start = firstBoundary(word, label, p);
		label = p + 1;
	}
	return -1;
}

/** Two or more letters at the start of the label, then a word boundary. */
function isTopLevel(word: string, from: number, to: number): boolean {
	let end = from;
	while (end < to && isLetter(code(word, end))) end++;
	return end - from >= 2 && (end === word.length || !isWordChar(code(word, end)));
}

function firstBoundary(word: string, from: number, to: number): number {
	for (let i = from; i < to; i++) if (isLabelChar(code(word, i)) && atWordBoundary(word, i)) return i;
	return -1;
}

const FINDERS = [schemeUrlStart, dangerousSchemeStart, wwwStart, emailStart, bareDomainStart];
