/** Contributing factors: first-class records with stable ids (the canvas and actions link to them). */
import type * as Y from 'yjs';
import { actionRecords, factorRecords, newRecordId, Origin } from './schema.ts';
import { asRecord, byCreation, recordOf, readOneOf, readString, readText, recordEntries, recordIn, recordText } from './records.ts';
import { FACTOR_CATEGORIES, type ContributingFactor, type FactorCategory } from './types.ts';
import { InvalidInputError } from './errors.ts';

export interface NewFactor {
	title?: string;
	category?: FactorCategory;
	description?: string;
}

export function addFactor(doc: Y.Doc, factor: NewFactor = {}, origin: Origin = Origin.user): string {
	const category = factor.category ?? 'other';
	if (!FACTOR_CATEGORIES.includes(category)) throw new InvalidInputError(`unknown category: ${String(category)}`);
	const id = newRecordId();
	const record = factorRecord({ id, category, title: factor.title ?? '', description: factor.description ?? '', createdAt: new Date().toISOString() });
	doc.transact(() => factorRecords(doc).set(id, record), origin);
	return id;
}

/** The one place a factor record's keys are written (adding, the canvas and importing). */
export function factorRecord(factor: ContributingFactor): Y.Map<unknown> {
	return recordOf({ id: factor.id, category: factor.category, createdAt: factor.createdAt }, { title: factor.title, description: factor.description });
}

export function setFactorCategory(doc: Y.Doc, id: string, category: FactorCategory, origin: Origin = Origin.user): void {
	if (!FACTOR_CATEGORIES.includes(category)) throw new InvalidInputError(`unknown category: ${String(category)}`);
	const record = recordIn(factorRecords(doc), id);
	if (record) doc.transact(() => record.set('category', category), origin);
}

/** Deleting a factor unlinks the action items that pointed at it (they are then flagged). */
export function deleteFactor(doc: Y.Doc, id: string, origin: Origin = Origin.user): void {
	doc.transact(() => {
		factorRecords(doc).delete(id);
		for (const value of actionRecords(doc).values()) {
			const action = asRecord(value);
			if (action?.get('factorId') === id) action.delete('factorId');
		}
	}, origin);
}

export function factorText(doc: Y.Doc, id: string, field: 'title' | 'description'): Y.Text | null {
	return recordText(factorRecords(doc).get(id), field);
}

export function readFactors(doc: Y.Doc): ContributingFactor[] {
	const factors: ContributingFactor[] = [];
	for (const [id, record] of recordEntries(factorRecords(doc))) {
		factors.push({
			id,
			title: readText(record, 'title'),
			category: readOneOf(record, 'category', FACTOR_CATEGORIES, 'other'),
			description: readText(record, 'description'),
			createdAt: readString(record, 'createdAt')
		});
	}
	return factors.sort(byCreation);
}
