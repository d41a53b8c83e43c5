import { describe, expect, it } from 'vitest';
import { linkStart } from './links.ts';

/**
 * The regular expression the Markdown escaper used before X2: its first match in a word is
 * where a link starts. Fine for a word of a few characters; quadratic or worse in a long one.
 */
const LINKISH =
	/(?:\b(?:[a-z][a-z0-9+.-]*:\/\/|(?:javascript|data|vbscript|mailto|file|tel|sms|ftp):)\S*|\bwww\.\S+|[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[^\s@<>()[\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b\S*)/i;

/** Deterministic words made of pieces of links, Markdown and other characters. */
function* words(count: number): Generator<string> {
	let seed = 7;
	const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
	const pieces = ['http', '://', ':/', 'h', 'javascript', 'Data', ':', 'www.', 'WwW', 'w', '.', '..', '@', 'a', 'Z', '1', '-', '_', 'com', 'io', 'x', '(', ')', '[', ']', '<', '>', '"', '`', '*', 'é', 'İ', '+', 'ftp', 'tel', 'c0m', 'é.com', '.co', 'q.', '-.', '_.', '.-', '😀'];
	for (let n = 0; n < count; n++) {
		let word = '';
		const length = 1 + Math.floor(random() * 10);
		for (let k = 0; k < length; k++) word += pieces[Math.floor(random() * pieces.length)];
		yield word;
	}
}

describe('linkStart (X2)', () => {
	it('X2: finds where a link starts exactly where the regular expression it replaces did', () => {
		for (const word of words(50_000)) expect(linkStart(word), word).toBe(LINKISH.exec(word)?.index ?? -1);
	});

	it('X2: finds each kind of link', () => {
		expect(linkStart('(see:https://example.com/x)')).toBe(5);
		expect(linkStart('[x](JavaScript:alert(1))')).toBe(4);
		expect(linkStart('"www.example')).toBe(1);
		expect(linkStart('<ana@example.com>')).toBe(1);
		expect(linkStart('config.yaml')).toBe(0);
		for (const plain of ['15:20', 'e.g.', 'v1.2.3', 'end.', 'a@b', '_example.com', 'a..b', 'x@.com']) expect(linkStart(plain), plain).toBe(-1);
	});
});
