/**
 * "Replace names with roles": every whole-word occurrence of a name in a text becomes its
 * label, the longest name first. A regular expression alternating the names costs
 * (text length × all names' length): a board with thousands of authors froze the export.
 * This walks a trie of the names from each place a name can start, so the work is at most
 * the text's length times the longest name (X2) — hence the cap on a name's length.
 */

/**
 * As long as a display name can be (presence.ts): longer "names" are text pasted into an
 * owner field, not somebody's name, and are not replaced as a whole.
 */
import { MAX_NAME_LENGTH } from '../../sync/protocol/limits.ts';
export { MAX_NAME_LENGTH };

interface TrieNode {
	next: Map<number, TrieNode>;
	/** The label when a name ends here. */
	label?: string;
}

/** A function replacing, at every place, the longest name that occurs there as a whole word. */
export function nameReplacer(labels: ReadonlyMap<string, string>): (text: string) => string {
	const root = buildTrie(labels);
	if (root.next.size === 0) return (text) => text;
	return (text) => replaceNames(text, root);
}

function buildTrie(labels: ReadonlyMap<string, string>): TrieNode {
	const root: TrieNode = { next: new Map() };
	for (const [name, label] of labels) {
		if (name.length === 0 || name.length > MAX_NAME_LENGTH) continue;
		let node = root;
		for (let i = 0; i < name.length; i++) {
			const c = name.charCodeAt(i);
			let child = node.next.get(c);
			if (!child) node.next.set(c, (child = { next: new Map() }));
			node = child;
		}
		node.label = label;
	}
	return root;
}

function replaceNames(text: string, root: TrieNode): string {
	let out = '';
	let copiedTo = 0;
	let i = 0;
	while (i < text.length) {
		const match = root.next.has(text.charCodeAt(i)) && !letterOrNumberBefore(text, i) ? longestNameAt(text, i, root) : null;
		if (!match) {
			i++;
			continue;
		}
		out += text.slice(copiedTo, i) + match.label;
		i = copiedTo = match.end;
	}
	return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/** The longest name starting at `start` that is not followed by a letter or number. */
function longestNameAt(text: string, start: number, root: TrieNode): { label: string; end: number } | null {
	let node: TrieNode | undefined = root;
	let best: { label: string; end: number } | null = null;
	for (let i = start; node && i <= text.length; i++) {
		if (node.label !== undefined && !letterOrNumberAt(text, i)) best = { label: node.label, end: i };
		node = i < text.length ? node.next.get(text.charCodeAt(i)) : undefined;
	}
	return best;
}

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/** Plain ASCII is checked by code: this runs for nearly every character of the text. */
function isLetterOrNumber(codePoint: number): boolean {
	if (codePoint >= 128) return LETTER_OR_NUMBER.test(String.fromCodePoint(codePoint));
	const lower = codePoint | 0x20;
	return (lower >= 97 && lower <= 122) || (codePoint >= 48 && codePoint <= 57);
}

function letterOrNumberAt(text: string, i: number): boolean {
	return i < text.length && isLetterOrNumber(text.codePointAt(i)!);
}

/** The character ending right before `i`, read as a whole code point (a surrogate pair is one letter). */
function letterOrNumberBefore(text: string, i: number): boolean {
	if (i === 0) return false;
	const low = text.charCodeAt(i - 1);
	const pair = i >= 2 && low >= 0xdc00 && low <= 0xdfff && text.charCodeAt(i - 2) >= 0xd800 && text.charCodeAt(i - 2) <= 0xdbff;
	return isLetterOrNumber(pair ? text.codePointAt(i - 2)! : low);
}
