/**
 * E1: every reader skips a malformed record instead of failing. The documents here are built
 * the way another client could write them: any value of any kind at every place, sent as an
 * update. Whatever the value, every reader, every export and the import run without throwing,
 * and the good records beside it survive unchanged.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { GOOD, WRONG_ROOT_KINDS, WRONG_VALUES, copyOf, positions, writeGoodBoard, writeGoodControl, type GoodIds, type Position } from '../../../tests/fixtures/malformed-board.ts';
import { readBoard } from './board.ts';
import { rankByVotes, readControl, spotlightSection, type ControlState } from './control.ts';
import { overallCompleteness, sectionCompleteness } from './guidance/completeness.ts';
import { collectGuidance } from './guidance/guidance.ts';
import { readCausalLinks } from './causal-links.ts';
import { canvasMeta, canvasRecords, factorRecords, listItems } from './schema.ts';
import { readCanvasSchema, snapshotFactor } from './canvas.ts';
import { causalLinksFrom, factorCards, planFactorCards } from './canvas-mapping.ts';
import { setTimelineKind, setTimelineTime, timelineDescription } from './timeline.ts';
import { addWhyStep, deleteWhyStep, moveWhyStep, whyText } from './why.ts';
import { deleteFactor, factorText, setFactorCategory } from './factors.ts';
import { actionText, linkActionToFactor, setActionDue, setActionStatus } from './actions.ts';
import { deleteListItem, listItemText } from './lists.ts';
import { placeNote } from './notes.ts';
import { createRecord } from './records.ts';
import { InvalidInputError } from './errors.ts';
import { exportWarnings, type ExportInput } from './export/model.ts';
import { renderMarkdown } from './export/markdown.ts';
import { renderHtml } from './export/html.ts';
import { parseExportFile, renderJson } from './export/json.ts';
import { fixtureInput } from '../../../tests/fixtures/export/board.ts';
import { writeImportedBoard } from './export/import.ts';
import type { BoardData } from './types.ts';

interface Everything {
	board: BoardData;
	control: ControlState;
	exports: Record<'md' | 'html' | 'json' | 'mdRoles' | 'htmlRoles', string>;
}

/** Runs every reader of the two documents, as the board page, the server and the exports do. */
function readEverything(doc: Y.Doc, control: Y.Doc): Everything {
	const board = readBoard(doc);
	const state = readControl(control);
	const names = ['Ana', 'Ben'];
	sectionCompleteness(board, names);
	overallCompleteness(board, names);
	collectGuidance(board, names);
	exportWarnings(board);
	rankByVotes(board.factors, state.voting.results);
	const input: ExportInput = {
		board,
		attendees: state.attendees,
		noteTaker: state.noteTaker,
		votes: state.voting.results,
		causalLinks: readCausalLinks(doc).map(({ from, to }) => ({ from, to })),
		canvasSvg: null,
		exportedAt: '2026-01-06T10:00:00.000Z'
	};
	const roles = { namesAsRoles: true, includeNotes: false };
	const exports = { md: renderMarkdown(input), html: renderHtml(input), json: renderJson(input), mdRoles: renderMarkdown(input, roles), htmlRoles: renderHtml(input, roles) };
	// Whatever was readable exports as a file that imports again.
	writeImportedBoard(parseExportFile(exports.json), new Y.Doc(), new Y.Doc());
	const canvas = [...canvasRecords(doc).values()];
	factorCards(canvas);
	planFactorCards(board.factors.map((f) => f.id), canvas);
	causalLinksFrom(canvas);
	readCanvasSchema(doc);
	readSharedTexts(doc, board);
	return { board, control: state, exports };
}

/** The shared texts the board page binds its fields to, for every record it shows. */
function readSharedTexts(doc: Y.Doc, board: BoardData): void {
	for (const entry of board.timeline) timelineDescription(doc, entry.id);
	for (const chain of board.whyChains) {
		whyText(doc, chain.id, null, 'problem');
		for (const step of chain.steps) for (const field of ['why', 'because'] as const) whyText(doc, chain.id, step.id, field);
	}
	for (const factor of board.factors) for (const field of ['title', 'description'] as const) factorText(doc, factor.id, field);
	for (const action of board.actions) for (const field of ['title', 'owner'] as const) actionText(doc, action.id, field);
	for (const list of ['wentWell', 'lucky'] as const) for (const item of board[list]) listItemText(doc, list, item.id);
}

/** What the page's buttons do, aimed at the malformed record (key `bad`): nothing, or a named error. */
function operateOnMalformed(doc: Y.Doc, control: Y.Doc, ids: GoodIds): void {
	const operations: Array<() => unknown> = [
		() => timelineDescription(doc, 'bad'),
		() => setTimelineTime(doc, 'bad', '2026-01-05T15:00:00Z'),
		() => setTimelineKind(doc, 'bad', 'other'),
		() => whyText(doc, 'bad', null, 'problem'),
		() => whyText(doc, ids.chain, 'bad', 'why'),
		() => addWhyStep(doc, 'bad'),
		() => addWhyStep(doc, ids.chain),
		() => moveWhyStep(doc, ids.chain, 'bad', 1),
		() => deleteWhyStep(doc, 'bad', 'bad'),
		() => factorText(doc, 'bad', 'title'),
		() => setFactorCategory(doc, 'bad', 'other'),
		() => snapshotFactor(doc, 'bad'),
		() => deleteFactor(doc, 'bad'),
		() => actionText(doc, 'bad', 'title'),
		() => setActionDue(doc, 'bad', null),
		() => setActionStatus(doc, 'bad', 'done'),
		() => linkActionToFactor(doc, ids.action, 'bad'),
		() => listItemText(doc, 'wentWell', 'bad'),
		() => deleteListItem(doc, 'lucky', 'bad'),
		() => placeNote(doc, 'bad', 'wentWell'),
		() => spotlightSection(control, 'timeline')
	];
	for (const operation of operations) {
		try {
			operation();
		} catch (error) {
			// Refusing an id that names no record is fine; failing on the record's shape is not.
			if (!(error instanceof InvalidInputError)) throw error;
		}
	}
}

function goodBoard() {
	const doc = new Y.Doc();
	const control = new Y.Doc();
	const ids = writeGoodBoard(doc);
	writeGoodControl(control, ids);
	return { doc, control, ids, read: readEverything(copyOf(doc), copyOf(control)) };
}

const good = goodBoard();

/** The good records are all still there, unchanged; so are the good values a position does not replace. */
function expectGoodSurvives(result: Everything, label: string, replaces?: Position['replacesGood']): void {
	const want = good.read.board;
	for (const list of ['timeline', 'whyChains', 'factors', 'actions', 'wentWell', 'lucky', 'revealedNotes', 'causalLinks'] as const) {
		for (const record of want[list]) expect(result.board[list], `${label}: ${list}`).toContainEqual(record);
	}
	expect(result.board.summary, label).toBe(want.summary);
	if (replaces !== 'header') expect(result.board.header, label).toEqual(want.header);
	if (replaces !== 'impact') expect(result.board.impact, label).toEqual(want.impact);
	if (replaces !== 'control') {
		expect(result.control.voting.results?.[good.ids.factor], label).toBe(3);
		expect(result.control.attendees, label).toEqual(expect.arrayContaining(good.read.control.attendees));
	}
	for (const [format, text] of Object.entries(result.exports)) {
		for (const goodText of [GOOD.timeline, GOOD.problem, GOOD.because, GOOD.factor, GOOD.action, GOOD.wentWell, GOOD.lucky]) {
			expect(text.includes(goodText), `${label}: "${goodText}" in the ${format} export`).toBe(true);
		}
	}
}

/** Reads a document with one bad value put at `position`, naming the case when anything throws. */
function readWithBadValue(position: Position, what: string, value: unknown): Everything {
	const label = `${position.name} = ${what}`;
	const attacker = copyOf(position.doc === 'board' ? good.doc : good.control);
	position.put(attacker, value, good.ids);
	// Read from a fresh copy, as the server and every other browser receive it.
	const doc = position.doc === 'board' ? copyOf(attacker) : copyOf(good.doc);
	const control = position.doc === 'control' ? copyOf(attacker) : copyOf(good.control);
	try {
		const result = readEverything(doc, control);
		operateOnMalformed(copyOf(doc), copyOf(control), good.ids);
		return result;
	} catch (error) {
		throw new Error(`${label}: ${(error as Error).stack}`, { cause: error });
	}
}

describe('E1: readers skip malformed records', () => {
	it('E1: a number, a string or null in wentWell and lucky leaves the board and every export readable', () => {
		const attacker = copyOf(good.doc);
		for (const list of ['wentWell', 'lucky'] as const) listItems(attacker, list).push([42, 'text', null]);
		const { board, exports } = readEverything(copyOf(attacker), copyOf(good.control));
		expect(board.wentWell.map((i) => i.text)).toEqual([GOOD.wentWell]);
		expect(board.lucky.map((i) => i.text)).toEqual([GOOD.lucky]);
		expect(exports.md).toContain(`## What went well\n\n- ${GOOD.wentWell}\n`);
		expect(exports.html).toContain(`<li>${GOOD.lucky}</li>`);
		expect(JSON.parse(exports.json).board.wentWell).toEqual(good.read.board.wentWell);
	});

	it('E1: a list item repeating an id is shown once (screens key their rows by id)', () => {
		const attacker = copyOf(good.doc);
		const first = readBoard(attacker).wentWell[0];
		const copy = new Y.Map<unknown>();
		copy.set('id', first.id);
		copy.set('text', new Y.Text('a second item with the same id'));
		listItems(attacker, 'wentWell').push([copy]);
		expect(readBoard(copyOf(attacker)).wentWell).toEqual([first]);
	});

	it('E1: wrong-typed vote totals are left out of the writeup', () => {
		const position = positions().find((p) => p.name === 'voting.results: a vote')!;
		const { control, exports } = readWithBadValue(position, 'a string', '<b>many</b>');
		expect(control.voting.results).toEqual({ [good.ids.factor]: 3 });
		expect(exports.md).not.toContain('many');
		expect(exports.html).not.toContain('many');
	});

	it('E1: a factor whose id is "constructor" has no votes (not Object.prototype.constructor)', () => {
		const attacker = copyOf(good.doc);
		factorRecords(attacker).set('constructor', createRecord({ category: 'other' }, { title: 'Prototype factor' }).record);
		const { board, exports } = readEverything(copyOf(attacker), copyOf(good.control));
		expect(rankByVotes(board.factors, readControl(good.control).voting.results).find((f) => f.id === 'constructor')?.votes).toBe(0);
		expect(exports.md).toMatch(/\| Prototype factor \| other \| 0 \|/);
		expect(exports.md).not.toContain('native code');
	});

	it.each(positions().map((position) => [position.name, position] as const))('E1: %s — every reader and export skips each wrong-typed value; good records survive', (_name, position) => {
		for (const [what, make] of WRONG_VALUES) expectGoodSurvives(readWithBadValue(position, what, make()), `${position.name} = ${what}`, position.replacesGood);
	});

	it.each(WRONG_ROOT_KINDS.map(([name, docName, write]) => [name, docName, write] as const))('E1: a root of the wrong kind (%s) is read as empty', (name, docName, write) => {
		const evil = new Y.Doc();
		write(evil);
		const doc = docName === 'board' ? copyOf(good.doc, evil) : copyOf(good.doc);
		const control = docName === 'control' ? copyOf(good.control, evil) : copyOf(good.control);
		let result: Everything;
		try {
			result = readEverything(doc, control);
		} catch (error) {
			throw new Error(`${name}: ${(error as Error).stack}`, { cause: error });
		}
		expectGoodSurvives(result, name, docName === 'control' ? 'control' : undefined);
	});
});

describe('E1: the import', () => {
	/** Every path to a value in a JSON document. */
	function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
		if (value === null || typeof value !== 'object') return [at];
		const children = Object.entries(value).flatMap(([key, child]) => paths(child, [...at, Array.isArray(value) ? Number(key) : key]));
		return [at, ...children];
	}
	const replaced = (file: unknown, path: Array<string | number>, value: unknown) => {
		const copy = structuredClone(file) as Record<string | number, unknown>;
		let parent = copy;
		for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
		parent[path[path.length - 1]] = value;
		return copy;
	};

	it('E1: refuses a file with a wrong-typed value anywhere with a reason, and never fails otherwise', () => {
		const file = JSON.parse(renderJson(fixtureInput()));
		const values = [42, 'text', null, true, {}, [], [null], { id: 1 }, '2026-13-45', -1, 'x'.repeat(70)];
		let refused = 0;
		for (const path of paths(file).filter((p) => p.length > 0)) {
			for (const value of values) {
				try {
					const parsed = parseExportFile(replaced(file, path, value));
					writeImportedBoard(parsed, new Y.Doc(), new Y.Doc());
				} catch (error) {
					expect(error, `${path.join('.')} = ${JSON.stringify(value)}`).toBeInstanceOf(InvalidInputError);
					refused++;
				}
			}
		}
		expect(refused).toBeGreaterThan(100);
	});
});

describe('E3: the canvas schema marker', () => {
	const withSchema = (schema: unknown) => {
		const doc = new Y.Doc();
		canvasMeta(doc).set('schema', schema);
		return copyOf(doc);
	};

	it('E3: reads the two formats tldraw writes', () => {
		const v2 = { schemaVersion: 2, sequences: { 'com.tldraw.store': 5, 'com.tldraw.shape.note': 9 } };
		const v1 = { schemaVersion: 1, storeVersion: 4, recordVersions: { shape: { version: 3, subTypeKey: 'type', subTypeVersions: { note: 5 } }, page: { version: 1 } } };
		expect(readCanvasSchema(withSchema(v2))).toEqual(v2);
		expect(readCanvasSchema(withSchema(v1))).toEqual(v1);
	});

	it('E3: a malformed marker counts as absent, never as written by a newer version', () => {
		const bogus: unknown[] = [
			99,
			'newer',
			null,
			[],
			{},
			{ schemaVersion: 99 },
			{ schemaVersion: 3, sequences: {} },
			{ schemaVersion: '2', sequences: {} },
			{ schemaVersion: 2 },
			{ schemaVersion: 2, sequences: [] },
			{ schemaVersion: 2, sequences: { 'com.tldraw.store': 'latest' } },
			{ schemaVersion: 2, sequences: { 'com.tldraw.store': -1 } },
			{ schemaVersion: 2, sequences: { 'com.tldraw.store': 1.5 } },
			{ schemaVersion: 1, storeVersion: 4 },
			{ schemaVersion: 1, storeVersion: 4, recordVersions: { shape: 3 } },
			{ schemaVersion: 1, storeVersion: 4, recordVersions: { shape: { version: 3, subTypeKey: 'type' } } }
		];
		for (const schema of bogus) expect(readCanvasSchema(withSchema(schema)), JSON.stringify(schema)).toBeNull();
		for (const [what, make] of WRONG_VALUES) expect(readCanvasSchema(withSchema(make())), what).toBeNull();
	});
});
