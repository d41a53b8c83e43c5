import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, nameReplacer } from './names.ts';

/** The replacement before X2: one regular expression alternating every name, longest first. */
function regexReplacer(labels: Map<string, string>): (text: string) => string {
	const names = [...labels.keys()].sort((a, b) => b.length - a.length);
	const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
	return (text) => text.replace(pattern, (name) => labels.get(name) ?? name);
}

describe('nameReplacer (X2)', () => {
	it('X2: replaces names exactly as the regular expression it replaces did', () => {
		let seed = 3;
		const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
		const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
		const atoms = ['Ana', 'Ana Lima', 'an', 'a', 'Lima', ' ', ' ', ',', '.', 'é', 'Ñ', '1', '_', '-', "O'", '<b>', '😀', 'x', 'Bo', 'Bob'];
		const phrase = (parts: number) => Array.from({ length: parts }, () => pick(atoms)).join('');
		for (let n = 0; n < 5000; n++) {
			const labels = new Map<string, string>();
			for (let k = 0; k < 4; k++) {
				const name = phrase(1 + Math.floor(random() * 3)).trim();
				if (name.length >= 2 && !labels.has(name)) labels.set(name, `Participant ${k + 1}`);
			}
			if (labels.size === 0) continue;
			const text = phrase(Math.floor(random() * 12));
			expect(nameReplacer(labels)(text), `${JSON.stringify([...labels.keys()])} in ${JSON.stringify(text)}`).toBe(regexReplacer(labels)(text));
		}
	});

	it('replaces whole words only, the longest name first', () => {
		const replace = nameReplacer(new Map([['Ana', 'Participant 1'], ['Ana Lima', 'Facilitator'], ['Bob', 'Participant 2']]));
		expect(replace('Ana Lima asked Ana; Bobby and Bob 😀Bob.')).toBe('Facilitator asked Participant 1; Bobby and Participant 2 😀Participant 2.');
	});

	it(`X2: a "name" longer than ${MAX_NAME_LENGTH} characters is pasted text, not a name`, () => {
		const long = 'x'.repeat(MAX_NAME_LENGTH + 1);
		expect(nameReplacer(new Map([[long, 'Participant 1']]))(long)).toBe(long);
	});
});
