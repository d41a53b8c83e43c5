import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard, textField } from './schema.ts';
import { readBoard } from './board.ts';
import { setDate, setImpactAnswer, setSeverity, setStatus, setTimeZone } from './header.ts';
import { addWhyChain, addWhyStep, deleteWhyStep, moveWhyStep, whyText } from './why.ts';
import { addFactor, deleteFactor, factorText, setFactorCategory } from './factors.ts';
import { addAction, actionText, linkActionToFactor, setActionDue, setActionStatus } from './actions.ts';
import { addListItem, deleteListItem, listItemText } from './lists.ts';
import { InvalidInputError } from './errors.ts';

const sync = (a: Y.Doc, b: Y.Doc) => {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
};

describe('header and impact', () => {
	it('starts as a draft in the zone it was created with', () => {
		const doc = new Y.Doc();
		initBoard(doc, { title: 'Outage', timeZone: 'Europe/Berlin' });
		expect(readBoard(doc).header).toMatchObject({ title: 'Outage', status: 'draft', timeZone: 'Europe/Berlin', severity: null, incidentDate: null });
	});

	it('validates every scalar before writing it', () => {
		const doc = new Y.Doc();
		setSeverity(doc, 'SEV2');
		setStatus(doc, 'in meeting');
		setTimeZone(doc, 'America/New_York');
		setDate(doc, 'incidentDate', '2026-01-05');
		setDate(doc, 'followUpDate', '2026-02-05');
		setImpactAnswer(doc, 'dataLost', false);
		expect(() => setSeverity(doc, 'SEV9' as never)).toThrow(InvalidInputError);
		expect(() => setTimeZone(doc, 'Mars/Olympus')).toThrow(InvalidInputError);
		expect(() => setDate(doc, 'incidentDate', '2026-02-30')).toThrow(InvalidInputError);
		expect(() => setStatus(doc, 'archived' as never)).toThrow(InvalidInputError);
		const board = readBoard(doc);
		expect(board.header).toMatchObject({ severity: 'SEV2', status: 'in meeting', timeZone: 'America/New_York', incidentDate: '2026-01-05' });
		expect(board.followUpDate).toBe('2026-02-05');
		expect(board.impact).toMatchObject({ dataLost: false, customerFacing: null });
	});

	it('merges two people typing into the summary at once', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		textField(a, 'summary').insert(0, 'Checkout failed.');
		sync(a, b);
		textField(a, 'summary').insert(0, 'From 14:02, ');
		textField(b, 'summary').insert(16, ' Rollback fixed it.');
		sync(a, b);
		expect(readBoard(a).summary).toBe('From 14:02, Checkout failed. Rollback fixed it.');
		expect(readBoard(b).summary).toBe(readBoard(a).summary);
	});
});

describe('why chains', () => {
	it('adds, edits, reorders and removes steps', () => {
		const doc = new Y.Doc();
		const chain = addWhyChain(doc, 'Checkout returned 500s');
		const first = readBoard(doc).whyChains[0].steps[0].id;
		whyText(doc, chain, first, 'because')!.insert(0, 'the DB pool was exhausted');
		const second = addWhyStep(doc, chain)!;
		whyText(doc, chain, second, 'because')!.insert(0, 'a migration held locks');
		moveWhyStep(doc, chain, second, -1);
		expect(readBoard(doc).whyChains[0].steps.map((s) => s.because)).toEqual(['a migration held locks', 'the DB pool was exhausted']);
		expect(readBoard(doc).whyChains[0].steps[0].id).toBe(second);
		deleteWhyStep(doc, chain, first);
		expect(readBoard(doc).whyChains[0]).toMatchObject({ problem: 'Checkout returned 500s', steps: [{ because: 'a migration held locks' }] });
	});

	it('keeps both steps when two people add one at the same time', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const chain = addWhyChain(a);
		sync(a, b);
		addWhyStep(a, chain);
		addWhyStep(b, chain);
		sync(a, b);
		expect(readBoard(a).whyChains[0].steps).toHaveLength(3);
		expect(readBoard(b).whyChains[0].steps.map((s) => s.id)).toEqual(readBoard(a).whyChains[0].steps.map((s) => s.id));
	});
});

describe('factors and action items', () => {
	it('links an action to exactly one factor, and unlinks it when the factor goes', () => {
		const doc = new Y.Doc();
		const monitoring = addFactor(doc, { title: 'No alert on pool usage', category: 'detection/monitoring' });
		const testing = addFactor(doc, { title: 'Migrations untested at scale', category: 'testing' });
		const action = addAction(doc, { title: 'Alert at 80% pool usage', factorId: monitoring, due: '2026-02-01' });
		linkActionToFactor(doc, action, testing);
		expect(readBoard(doc).actions[0].factorId).toBe(testing);
		expect(() => linkActionToFactor(doc, action, 'nope')).toThrow(InvalidInputError);
		deleteFactor(doc, testing);
		expect(readBoard(doc).actions[0].factorId).toBeNull();
		expect(readBoard(doc).factors.map((f) => f.id)).toEqual([monitoring]);
	});

	it('edits fields and validates statuses and dates', () => {
		const doc = new Y.Doc();
		const factor = addFactor(doc);
		factorText(doc, factor, 'title')!.insert(0, 'Runbook out of date');
		setFactorCategory(doc, factor, 'documentation');
		const action = addAction(doc);
		actionText(doc, action, 'title')!.insert(0, 'Update the failover runbook');
		actionText(doc, action, 'owner')!.insert(0, 'Dana');
		setActionDue(doc, action, '2026-03-01');
		setActionStatus(doc, action, 'in progress');
		expect(() => setActionStatus(doc, action, 'maybe' as never)).toThrow(InvalidInputError);
		expect(() => setActionDue(doc, action, '03/01/2026')).toThrow(InvalidInputError);
		const board = readBoard(doc);
		expect(board.factors[0]).toMatchObject({ title: 'Runbook out of date', category: 'documentation' });
		expect(board.actions[0]).toMatchObject({ title: 'Update the failover runbook', owner: 'Dana', due: '2026-03-01', status: 'in progress', priority: 'medium' });
	});

	it('merges concurrent edits to the same action item field by field', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const action = addAction(a, { title: 'Add alert' });
		sync(a, b);
		actionText(a, action, 'owner')!.insert(0, 'Eve');
		setActionStatus(b, action, 'done');
		actionText(b, action, 'title')!.insert(9, ' on 5xx rate');
		sync(a, b);
		expect(readBoard(a).actions[0]).toMatchObject({ title: 'Add alert on 5xx rate', owner: 'Eve', status: 'done' });
	});
});

describe('lists', () => {
	it('keeps what went well and where we got lucky apart', () => {
		const doc = new Y.Doc();
		const fast = addListItem(doc, 'wentWell', 'On-call answered in 2 minutes');
		addListItem(doc, 'lucky', 'It happened at low traffic');
		listItemText(doc, 'wentWell', fast)!.insert(0, 'Paging worked: ');
		expect(readBoard(doc).wentWell.map((i) => i.text)).toEqual(['Paging worked: On-call answered in 2 minutes']);
		deleteListItem(doc, 'wentWell', fast);
		expect(readBoard(doc).wentWell).toEqual([]);
		expect(readBoard(doc).lucky.map((i) => i.text)).toEqual(['It happened at low traffic']);
	});
});
