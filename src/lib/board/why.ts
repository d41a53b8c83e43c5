/** Root-cause "why" chains: each an ordered list of why → because steps. */
import * as Y from 'yjs';
import { Origin, whyChainRecords } from './schema.ts';
import { byCreation, createRecord, readString, readText, recordText } from './records.ts';
import type { WhyChain, WhyStep } from './types.ts';

const steps = (chain: Y.Map<unknown> | undefined) => {
	const value = chain?.get('steps');
	return value instanceof Y.Array ? (value as Y.Array<Y.Map<unknown>>) : null;
};

function newStep(why = '', because = ''): Y.Map<unknown> {
	return createRecord({}, { why, because }).record;
}

export function addWhyChain(doc: Y.Doc, problem = '', origin: string = Origin.user): string {
	const { id, record } = createRecord({}, { problem });
	record.set('steps', Y.Array.from([newStep()]));
	doc.transact(() => whyChainRecords(doc).set(id, record), origin);
	return id;
}

export function deleteWhyChain(doc: Y.Doc, chainId: string, origin: string = Origin.user): void {
	doc.transact(() => whyChainRecords(doc).delete(chainId), origin);
}

/** Adds a step after `afterIndex` (default: at the end); returns its id. */
export function addWhyStep(doc: Y.Doc, chainId: string, afterIndex?: number, origin: string = Origin.user): string | null {
	const list = steps(whyChainRecords(doc).get(chainId));
	if (!list) return null;
	const step = newStep();
	const index = afterIndex === undefined ? list.length : Math.min(Math.max(afterIndex + 1, 0), list.length);
	doc.transact(() => list.insert(index, [step]), origin);
	return step.get('id') as string;
}

export function deleteWhyStep(doc: Y.Doc, chainId: string, stepId: string, origin: string = Origin.user): void {
	const list = steps(whyChainRecords(doc).get(chainId));
	const index = list ? list.toArray().findIndex((step) => step.get('id') === stepId) : -1;
	if (list && index >= 0) doc.transact(() => list.delete(index, 1), origin);
}

/**
 * Moves a step by `offset` places. Yjs cannot move a shared type, so the step is re-created
 * at its new place with its current text (and keeps its id).
 */
export function moveWhyStep(doc: Y.Doc, chainId: string, stepId: string, offset: number, origin: string = Origin.user): void {
	const list = steps(whyChainRecords(doc).get(chainId));
	if (!list) return;
	const from = list.toArray().findIndex((step) => step.get('id') === stepId);
	const to = from + offset;
	if (from < 0 || to < 0 || to >= list.length || offset === 0) return;
	const old = list.get(from);
	doc.transact(() => {
		const copy = new Y.Map<unknown>();
		copy.set('id', stepId);
		copy.set('createdAt', readString(old, 'createdAt'));
		copy.set('why', new Y.Text(readText(old, 'why')));
		copy.set('because', new Y.Text(readText(old, 'because')));
		list.delete(from, 1);
		list.insert(to, [copy]);
	}, origin);
}

/** The shared text of a chain's problem statement or one step's why / because. */
export function whyText(doc: Y.Doc, chainId: string, stepId: string | null, field: 'problem' | 'why' | 'because'): Y.Text | null {
	const chain = whyChainRecords(doc).get(chainId);
	if (stepId === null) return field === 'problem' ? recordText(chain, 'problem') : null;
	const step = steps(chain)?.toArray().find((s) => s.get('id') === stepId);
	return field === 'problem' ? null : recordText(step, field);
}

export function readWhyChains(doc: Y.Doc): WhyChain[] {
	const chains: Array<WhyChain & { createdAt: string }> = [];
	for (const [id, record] of whyChainRecords(doc)) {
		if (!(record instanceof Y.Map)) continue;
		const list = steps(record);
		const chainSteps: WhyStep[] = (list?.toArray() ?? [])
			.filter((step): step is Y.Map<unknown> => step instanceof Y.Map)
			.map((step) => ({ id: readString(step, 'id'), why: readText(step, 'why'), because: readText(step, 'because') }));
		chains.push({ id, problem: readText(record, 'problem'), steps: chainSteps, createdAt: readString(record, 'createdAt') });
	}
	return chains.sort(byCreation).map(({ createdAt: _createdAt, ...chain }) => chain);
}
