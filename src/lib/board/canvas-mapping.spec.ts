import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	FACTOR_CARD_TYPE,
	cardShapeIdFor,
	causalLinksFrom,
	factorCards,
	planFactorCards,
	planLocalCardChange,
	type CanvasRecordLike
} from './canvas-mapping.ts';
import { causalLinkRecords, Origin } from './schema.ts';
import { readCausalLinks, syncCanvasLinks } from './causal-links.ts';
import { putFactor, snapshotFactor } from './canvas.ts';
import { addFactor, deleteFactor } from './factors.ts';
import { addAction, linkActionToFactor } from './actions.ts';
import { readBoard } from './board.ts';

const card = (shapeId: string, factorId: string, x = 0, y = 0): CanvasRecordLike => ({ id: shapeId, typeName: 'shape', type: FACTOR_CARD_TYPE, x, y, props: { factorId, w: 240, h: 128 } });
const arrow = (id: string): CanvasRecordLike => ({ id, typeName: 'shape', type: 'arrow', x: 0, y: 0, props: {} });
const binding = (id: string, arrowId: string, target: string, terminal: 'start' | 'end'): CanvasRecordLike => ({
	id,
	typeName: 'binding',
	type: 'arrow',
	fromId: arrowId,
	toId: target,
	props: { terminal }
});

describe('factor cards on the canvas', () => {
	it('C1: gives every factor without a card one, with an id derived from the factor', () => {
		const plan = planFactorCards(['f1', 'f2', 'f3'], [card('shape:mine', 'f2', 0, 0)]);
		expect(plan.remove).toEqual([]);
		expect(plan.create.map((c) => [c.shapeId, c.factorId])).toEqual([
			['shape:factor-f1', 'f1'],
			['shape:factor-f3', 'f3']
		]);
		expect(cardShapeIdFor('f1')).toBe('shape:factor-f1');
	});

	it('C1: places new cards in free grid cells, the same way on every screen', () => {
		const records = [card('shape:a', 'f1', 0, 0)];
		const first = planFactorCards(['f1', 'f2', 'f3'], records);
		const again = planFactorCards(['f1', 'f2', 'f3'], records);
		expect(first).toEqual(again);
		const cells = first.create.map((c) => `${c.x},${c.y}`);
		expect(new Set(cells).size).toBe(2);
		expect(cells).not.toContain('0,0');
	});

	it('C2: removes cards whose factor is gone, and nothing else', () => {
		const plan = planFactorCards(['f1'], [card('shape:a', 'f1'), card('shape:b', 'gone'), arrow('shape:arrow')]);
		expect(plan).toEqual({ create: [], remove: ['shape:b'] });
	});

	it('ignores shapes that are not factor cards or have no factor id', () => {
		const odd: CanvasRecordLike[] = [
			{ id: 'shape:geo', typeName: 'shape', type: 'geo', props: { factorId: 'f1' } },
			{ id: 'shape:bad', typeName: 'shape', type: FACTOR_CARD_TYPE, props: { factorId: 42 } },
			{ id: 'page:page', typeName: 'page' }
		];
		expect(factorCards(odd)).toEqual([]);
	});

	it('C3: deleting the last card of a factor deletes the factor; deleting one of two does not', () => {
		const removed = { shapeId: 'shape:a', factorId: 'f1' };
		expect(planLocalCardChange({ added: [], removed: [removed] }, [], new Set(['f1'])).deleteFactors).toEqual(['f1']);
		expect(planLocalCardChange({ added: [], removed: [removed] }, [{ shapeId: 'shape:b', factorId: 'f1' }], new Set(['f1'])).deleteFactors).toEqual([]);
		// Already gone (deleted in the list, card removed by C2): nothing left to delete.
		expect(planLocalCardChange({ added: [], removed: [removed] }, [], new Set()).deleteFactors).toEqual([]);
	});

	it('C4: a card added here for a missing factor brings the factor back', () => {
		const added = { shapeId: 'shape:factor-f9', factorId: 'f9' };
		const plan = planLocalCardChange({ added: [added], removed: [] }, [added], new Set(['f1']));
		expect(plan).toEqual({ deleteFactors: [], restoreFactors: ['f9'], copyFactors: [] });
	});

	it('C5: a pasted copy of a card becomes a copy of its factor; the original keeps it', () => {
		const original = { shapeId: 'shape:factor-f1', factorId: 'f1' };
		const pasted = { shapeId: 'shape:pasted', factorId: 'f1' };
		const plan = planLocalCardChange({ added: [pasted], removed: [] }, [original, pasted], new Set(['f1']));
		expect(plan).toEqual({ deleteFactors: [], restoreFactors: [], copyFactors: [pasted] });
	});

	it('C5: two new cards of one missing factor restore it once and copy it once', () => {
		const a = { shapeId: 'shape:factor-f1', factorId: 'f1' };
		const b = { shapeId: 'shape:zz', factorId: 'f1' };
		const plan = planLocalCardChange({ added: [b, a], removed: [] }, [a, b], new Set());
		expect(plan.restoreFactors).toEqual(['f1']);
		expect(plan.copyFactors).toEqual([b]);
	});

	it('a move (neither added nor removed) plans nothing', () => {
		const a = { shapeId: 'shape:a', factorId: 'f1' };
		expect(planLocalCardChange({ added: [], removed: [] }, [a], new Set(['f1']))).toEqual({ deleteFactors: [], restoreFactors: [], copyFactors: [] });
	});
});

describe('causal links from arrows (C6)', () => {
	const records = [
		card('shape:ca', 'fa'),
		card('shape:cb', 'fb'),
		{ id: 'shape:geo', typeName: 'shape', type: 'geo' },
		arrow('shape:ab'),
		binding('binding:1', 'shape:ab', 'shape:ca', 'start'),
		binding('binding:2', 'shape:ab', 'shape:cb', 'end'),
		// Half-bound arrow: no link.
		arrow('shape:loose'),
		binding('binding:3', 'shape:loose', 'shape:ca', 'start'),
		// Arrow to a plain shape: no link.
		arrow('shape:togeo'),
		binding('binding:4', 'shape:togeo', 'shape:ca', 'start'),
		binding('binding:5', 'shape:togeo', 'shape:geo', 'end'),
		// Both ends on the same card: no link.
		arrow('shape:self'),
		binding('binding:6', 'shape:self', 'shape:cb', 'start'),
		binding('binding:7', 'shape:self', 'shape:cb', 'end'),
		// Bindings of an arrow that is gone: no link.
		binding('binding:8', 'shape:deleted', 'shape:ca', 'start'),
		binding('binding:9', 'shape:deleted', 'shape:cb', 'end')
	];

	it('links start to end for arrows bound to two different factor cards', () => {
		expect(causalLinksFrom(records)).toEqual([{ id: 'shape:ab', from: 'fa', to: 'fb' }]);
	});

	it('follows the arrow direction', () => {
		const reversed = [card('shape:ca', 'fa'), card('shape:cb', 'fb'), arrow('shape:x'), binding('b1', 'shape:x', 'shape:cb', 'start'), binding('b2', 'shape:x', 'shape:ca', 'end')];
		expect(causalLinksFrom(reversed)).toEqual([{ id: 'shape:x', from: 'fb', to: 'fa' }]);
	});
});

describe('causal links in the board document', () => {
	it('are written only where they differ, leave links the canvas does not own, and show in readBoard', () => {
		const doc = new Y.Doc();
		const a = addFactor(doc, { title: 'No alert' });
		const b = addFactor(doc, { title: 'Pool too small' });
		causalLinkRecords(doc).set('import:1', { from: b, to: a });
		syncCanvasLinks(doc, [{ id: 'shape:ab', from: a, to: b }], Origin.canvas);
		expect(readBoard(doc).causalLinks).toEqual([
			{ id: 'import:1', from: b, to: a },
			{ id: 'shape:ab', from: a, to: b }
		]);

		let updates = 0;
		doc.on('update', () => updates++);
		syncCanvasLinks(doc, [{ id: 'shape:ab', from: a, to: b }], Origin.canvas);
		expect(updates).toBe(0);

		syncCanvasLinks(doc, [], Origin.canvas);
		expect(readCausalLinks(doc)).toEqual([{ id: 'import:1', from: b, to: a }]);
	});

	it('hides links to deleted factors and malformed entries', () => {
		const doc = new Y.Doc();
		const a = addFactor(doc);
		const b = addFactor(doc);
		causalLinkRecords(doc).set('shape:1', { from: a, to: b });
		causalLinkRecords(doc).set('shape:2', { from: a, to: 7 });
		causalLinkRecords(doc).set('shape:3', 'nonsense');
		expect(readCausalLinks(doc).map((l) => l.id)).toEqual(['shape:1']);
		deleteFactor(doc, b);
		expect(readCausalLinks(doc)).toEqual([]);
	});
});

describe('bringing a factor back (canvas undo of a card deletion)', () => {
	it('restores id, text, category, creation time and the action links', () => {
		const doc = new Y.Doc();
		const id = addFactor(doc, { title: 'Retry storm', category: 'technical', description: 'Clients retried without backoff' });
		const action = addAction(doc, { title: 'Add jittered backoff' });
		linkActionToFactor(doc, action, id);
		const before = readBoard(doc);
		const snapshot = snapshotFactor(doc, id)!;
		expect(snapshot.actionIds).toEqual([action]);

		deleteFactor(doc, id, Origin.canvas);
		expect(readBoard(doc).factors).toEqual([]);
		expect(readBoard(doc).actions[0].factorId).toBeNull();

		putFactor(doc, snapshot, Origin.canvas);
		expect(readBoard(doc).factors).toEqual(before.factors);
		expect(readBoard(doc).actions[0].factorId).toBe(id);
	});

	it('creates a blank factor under a given id', () => {
		const doc = new Y.Doc();
		putFactor(doc, { id: 'fromcanvas1', title: '', description: '', category: 'other' }, Origin.canvas);
		expect(readBoard(doc).factors).toMatchObject([{ id: 'fromcanvas1', title: '', category: 'other' }]);
	});
});
