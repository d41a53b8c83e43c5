/**
 * The rule IDs as a test. docs/protocol.md and docs/schema.md state the rules (bold **A1**, or a
 * table row's first cell); code and tests cite them by ID. This keeps the IDs honest:
 * - every letter (a family of rules) belongs to one document, so an ID means one thing;
 * - every ID the code or the tests cite is defined in the docs;
 * - every rule is cited by at least one test, so each has a check that can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = ['docs/protocol.md', 'docs/schema.md'];

/** One rule ID: a family letter and a number from 1 (A1, L10). */
const ID = /\b([A-Z])([1-9]\d?)\b/g;
/** A range cites every rule in it: "S1–S6", "L6-L9". */
const RANGE = /\b([A-Z])([1-9]\d?)\s*[–-]\s*\1([1-9]\d?)\b/g;

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
	return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path, keep);
		return keep(entry.name) ? [path] : [];
	});
}

/** Every ID a text cites, ranges expanded. */
export function citedIds(text: string): Set<string> {
	const ids = new Set<string>();
	for (const [, letter, n] of text.matchAll(ID)) ids.add(letter + n);
	for (const [, letter, from, to] of text.matchAll(RANGE)) for (let n = Number(from); n <= Number(to); n++) ids.add(letter + n);
	return ids;
}

/** The IDs a document defines: `**A1**` anywhere, or `| A1 |` / `| **A1** |` opening a table row. */
export function definedIds(markdown: string): string[] {
	const ids: string[] = [];
	for (const [, id] of markdown.matchAll(/\*\*([A-Z][1-9]\d?)\*\*/g)) ids.push(id);
	for (const [, id] of markdown.matchAll(/^\|\s*([A-Z][1-9]\d?)\s*\|/gm)) ids.push(id);
	return ids;
}

const definitions = DOCS.map((doc) => ({ doc, ids: definedIds(readFileSync(join(root, doc), 'utf8')) }));
const isTest = (name: string) => /\.(spec|test|e2e)\.ts$/.test(name);
const codeFiles = [...filesUnder('src', (n) => /\.(ts|svelte)$/.test(n)), ...filesUnder('server', (n) => n.endsWith('.ts')), ...filesUnder('tests', (n) => n.endsWith('.ts'))].filter(
	(file) => basename(file) !== 'rules.spec.ts'
);
const testFiles = codeFiles.filter((file) => isTest(basename(file)));

describe('rule IDs', () => {
	it('reads definitions and citations (the parser itself)', () => {
		expect(definedIds('- **R1** stored first\n| L3 | presence |\n| **L4** | size |\nsee R2')).toEqual(['R1', 'L4', 'L3']);
		expect([...citedIds('(S1–S6) and A2, not DB8 or T00 or M0')].sort()).toEqual(['A2', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
	});

	it('gives each family of rules one document', () => {
		const familyDoc = new Map<string, string>();
		const problems: string[] = [];
		for (const { doc, ids } of definitions)
			for (const id of ids) {
				const owner = familyDoc.get(id[0]) ?? doc;
				if (owner !== doc) problems.push(`${id} is in ${doc}, but the ${id[0]} rules are in ${owner}`);
				familyDoc.set(id[0], owner);
			}
		expect(problems).toEqual([]);
	});

	it('defines every ID the code and the tests cite', () => {
		const defined = new Set(definitions.flatMap((d) => d.ids));
		const families = new Set([...defined].map((id) => id[0]));
		const undefinedCitations = codeFiles.flatMap((file) =>
			[...citedIds(readFileSync(join(root, file), 'utf8'))].filter((id) => families.has(id[0]) && !defined.has(id)).map((id) => `${id} in ${relative(root, join(root, file))}`)
		);
		expect(undefinedCitations).toEqual([]);
	});

	it('cites every rule in at least one test', () => {
		const cited = new Set(testFiles.flatMap((file) => [...citedIds(readFileSync(join(root, file), 'utf8'))]));
		const uncited = definitions.flatMap(({ doc, ids }) => ids.filter((id) => !cited.has(id)).map((id) => `${id} (${doc})`));
		expect(uncited).toEqual([]);
	});
});
