/**
 * Root-cause "why" chains: each an ordered list of why → because steps.
 *
 * Steps are records keyed by id with a fractional `order`, not entries of a Y.Array: moving a
 * step only changes its order (last writer wins), so two people moving the same step never
 * duplicate it, and text typed into a step while someone moves it is kept.
 */
import * as Y from 'yjs';
import { newRecordId, Origin, whyChainRecords } from './schema.ts';
import { asRecord, byCreation, createRecord, recordOf, readString, readText, recordEntries, recordIn, recordText } from './records.ts';
import type { WhyChain, WhyStep } from './types.ts';

type StepMap = Y.Map<unknown>;

/** A chain's steps, or null when the chain (or its `steps`) is malformed. */
const stepsOf = (chain: unknown): StepMap | null => asRecord(asRecord(chain)?.get('steps'));

const orderOf = (step: Y.Map<unknown>) => {
	const order = step.get('order');
	return typeof order === 'number' && Number.isFinite(order) ? order : 0;
};

/** Steps in display order: by order, then id (concurrent inserts at one place both stay). */
function sortedSteps(steps: StepMap): Array<[string, Y.Map<unknown>]> {
	return recordEntries(steps).sort(([idA, a], [idB, b]) => orderOf(a) - orderOf(b) || idA.localeCompare(idB));
}

function newStep(order: number): { id: string; record: Y.Map<unknown> } {
	return createRecord({ order }, { why: '', because: '' });
}

/** The one place a why chain's keys are written (adding and importing); steps keep the given order. */
export function whyChainRecord(chain: WhyChain, createdAt: string): Y.Map<unknown> {
	const steps = new Y.Map<unknown>();
	chain.steps.forEach((step, n) => steps.set(step.id, recordOf({ id: step.id, order: n + 1 }, { why: step.why, because: step.because })));
	const record = recordOf({ id: chain.id, createdAt }, { problem: chain.problem });
	record.set('steps', steps);
	return record;
}

export function addWhyChain(doc: Y.Doc, problem = '', origin: Origin = Origin.user): string {
	const id = newRecordId();
	const record = whyChainRecord({ id, problem, steps: [{ id: newRecordId(), why: '', because: '' }] }, new Date().toISOString());
	doc.transact(() => whyChainRecords(doc).set(id, record), origin);
	return id;
}

export function deleteWhyChain(doc: Y.Doc, chainId: string, origin: Origin = Origin.user): void {
	doc.transact(() => whyChainRecords(doc).delete(chainId), origin);
}

/** Adds a step after position `afterIndex` (default: at the end); returns its id. */
export function addWhyStep(doc: Y.Doc, chainId: string, afterIndex?: number, origin: Origin = Origin.user): string | null {
	const steps = stepsOf(whyChainRecords(doc).get(chainId));
	if (!steps) return null;
	const sorted = sortedSteps(steps);
	const at = afterIndex === undefined ? sorted.length - 1 : Math.min(Math.max(afterIndex, -1), sorted.length - 1);
	const before = at >= 0 ? orderOf(sorted[at][1]) : null;
	const after = at + 1 < sorted.length ? orderOf(sorted[at + 1][1]) : null;
	const order = before === null ? (after === null ? 1 : after - 1) : after === null ? before + 1 : (before + after) / 2;
	const step = newStep(order);
	doc.transact(() => steps.set(step.id, step.record), origin);
	return step.id;
}

export function deleteWhyStep(doc: Y.Doc, chainId: string, stepId: string, origin: Origin = Origin.user): void {
	const steps = stepsOf(whyChainRecords(doc).get(chainId));
	if (steps?.has(stepId)) doc.transact(() => steps.delete(stepId), origin);
}

/** Moves a step by `offset` places by giving it an order between its new neighbours. */
export function moveWhyStep(doc: Y.Doc, chainId: string, stepId: string, offset: number, origin: Origin = Origin.user): void {
	const steps = stepsOf(whyChainRecords(doc).get(chainId));
	if (!steps) return;
	const sorted = sortedSteps(steps);
	const from = sorted.findIndex(([id]) => id === stepId);
	const to = from + offset;
	if (from < 0 || offset === 0 || to < 0 || to >= sorted.length) return;
	const others = sorted.filter(([id]) => id !== stepId);
	const before = to > 0 ? orderOf(others[to - 1][1]) : null;
	const after = to < others.length ? orderOf(others[to][1]) : null;
	const order = before === null ? after! - 1 : after === null ? before + 1 : (before + after) / 2;
	doc.transact(() => sorted[from][1].set('order', order), origin);
}

/** The shared text of a chain's problem statement or one step's why / because. */
export function whyText(doc: Y.Doc, chainId: string, stepId: string | null, field: 'problem' | 'why' | 'because'): Y.Text | null {
	const chain = recordIn(whyChainRecords(doc), chainId);
	if (stepId === null) return field === 'problem' ? recordText(chain, 'problem') : null;
	return field === 'problem' ? null : recordText(stepsOf(chain)?.get(stepId), field);
}

export function readWhyChains(doc: Y.Doc): WhyChain[] {
	const chains: Array<WhyChain & { createdAt: string }> = [];
	for (const [id, record] of recordEntries(whyChainRecords(doc))) {
		const steps = stepsOf(record);
		const chainSteps: WhyStep[] = steps ? sortedSteps(steps).map(([stepId, step]) => ({ id: stepId, why: readText(step, 'why'), because: readText(step, 'because') })) : [];
		chains.push({ id, problem: readText(record, 'problem'), steps: chainSteps, createdAt: readString(record, 'createdAt') });
	}
	return chains.sort(byCreation).map(({ createdAt: _createdAt, ...chain }) => chain);
}
