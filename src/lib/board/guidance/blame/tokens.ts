/** Splits text into the words the blame scan walks over. */
import { words } from './words.ts';
export interface Word {
	/** Normalised: lower case, straight apostrophes, contractions expanded. */
	n: string;
	raw: string;
	start: number;
	end: number;
	punct: boolean;
	quoted: boolean;
}

const CONTRACTION_BASES: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall' };
const NO_APOSTROPHE: Record<string, string> = {
	didnt: 'did',
	doesnt: 'does',
	dont: 'do',
	wasnt: 'was',
	werent: 'were',
	isnt: 'is',
	arent: 'are',
	shouldnt: 'should',
	couldnt: 'could',
	wouldnt: 'would',
	hasnt: 'has',
	havent: 'have',
	hadnt: 'had',
	cant: 'can',
	mustnt: 'must'
};
const IS_CONTRACTIONS = words("it's that's there's what's he's she's who's here's one's");

const TOKEN = /[\p{L}\p{N}_]+(?:['’‘-][\p{L}\p{N}_]+)*|\n|[^\s\p{L}\p{N}_]/gu;
const QUOTES = new Set(['"', '“', '”', "'", '‘', '’']);

function expand(lower: string): string[] {
	if (lower.endsWith("n't")) {
		const base = lower.slice(0, -3);
		return [CONTRACTION_BASES[base] ?? base, 'not'];
	}
	if (lower in NO_APOSTROPHE) return [NO_APOSTROPHE[lower], 'not'];
	if (lower === 'cannot') return ['can', 'not'];
	if (lower.endsWith("'ve")) return [lower.slice(0, -3), 'have'];
	if (lower.endsWith("'d")) return [lower.slice(0, -2), 'had'];
	if (lower.endsWith("'ll")) return [lower.slice(0, -3), 'will'];
	if (lower.endsWith("'re")) return [lower.slice(0, -3), 'are'];
	if (lower.endsWith("'m")) return [lower.slice(0, -2), 'am'];
	if (IS_CONTRACTIONS.has(lower)) return [lower.slice(0, -2), 'is'];
	return [lower];
}

export function tokenize(text: string): Word[] {
	const out: Word[] = [];
	for (const m of text.matchAll(TOKEN)) {
		const raw = m[0];
		const start = m.index;
		const end = start + raw.length;
		const isWord = /[\p{L}\p{N}_]/u.test(raw[0]);
		if (!isWord) {
			let n = raw === '“' || raw === '”' ? '"' : raw === '‘' || raw === '’' ? "'" : raw;
			// "v2.3" and "14:02" are not sentence ends; only punctuation followed by space is.
			if ((n === '.' || n === ':') && end < text.length && !/\s/.test(text[end])) n = '·';
			out.push({ n, raw, start, end, punct: true, quoted: false });
			continue;
		}
		const lower = raw.toLowerCase().replace(/[’‘]/g, "'");
		for (const n of expand(lower)) {
			out.push({ n, raw, start, end, punct: false, quoted: false });
		}
	}
	markQuotes(out, text);
	return out;
}

/** Words inside quotation marks are mentions ("stopping at “human error”"), not uses. */
function markQuotes(ws: Word[], text: string): void {
	for (let i = 0; i < ws.length; i++) {
		const w = ws[i];
		if (!w.punct || !QUOTES.has(w.raw) || w.raw === '”') continue;
		const single = w.n === "'";
		// A single quote opens only at a word boundary; otherwise it is an apostrophe.
		if (single && w.start > 0 && !/[\s([{“"]/.test(text[w.start - 1])) continue;
		const limit = Math.min(ws.length, i + 40);
		for (let j = i + 1; j < limit; j++) {
			const c = ws[j];
			if (c.n === '\n') break;
			if (!c.punct || !QUOTES.has(c.raw)) continue;
			if (single ? c.n !== "'" : c.n !== '"') continue;
			if (single && c.end < text.length && /[\p{L}\p{N}]/u.test(text[c.end])) continue;
			for (let k = i + 1; k < j; k++) ws[k].quoted = true;
			i = j;
			break;
		}
	}
}
