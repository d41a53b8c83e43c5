/** Action items: specific, owned, scheduled, and linked to exactly one contributing factor. */
import type * as Y from 'yjs';
import { actionRecords, factorRecords, newRecordId, Origin } from './schema.ts';
import { byCreation, recordOf, readDate, readOneOf, readString, readText, recordEntries, recordIn, recordText } from './records.ts';
import { ACTION_PRIORITIES, ACTION_STATUSES, type ActionItem, type ActionPriority, type ActionStatus } from './types.ts';
import { InvalidInputError } from './errors.ts';

export interface NewAction {
	title?: string;
	owner?: string;
	due?: string | null;
	priority?: ActionPriority;
	factorId?: string | null;
}

export function addAction(doc: Y.Doc, action: NewAction = {}, origin: Origin = Origin.user): string {
	const values: Record<string, unknown> = { priority: action.priority ?? 'medium', status: 'open' };
	if (!ACTION_PRIORITIES.includes(values.priority as ActionPriority)) throw new InvalidInputError(`unknown priority: ${String(action.priority)}`);
	if (action.due) {
		if (readDate(action.due) !== action.due) throw new InvalidInputError(`not a date: ${action.due}`);
		values.due = action.due;
	}
	if (action.factorId) {
		if (!recordIn(factorRecords(doc), action.factorId)) throw new InvalidInputError('no such contributing factor');
		values.factorId = action.factorId;
	}
	const id = newRecordId();
	const record = actionRecord({
		id,
		title: action.title ?? '',
		owner: action.owner ?? '',
		due: (values.due as string | undefined) ?? null,
		priority: values.priority as ActionPriority,
		status: 'open',
		factorId: (values.factorId as string | undefined) ?? null,
		createdAt: new Date().toISOString()
	});
	doc.transact(() => actionRecords(doc).set(id, record), origin);
	return id;
}

/** The one place an action item record's keys are written (adding and importing). */
export function actionRecord(a: ActionItem): Y.Map<unknown> {
	return recordOf({ id: a.id, due: a.due, priority: a.priority, status: a.status, factorId: a.factorId, createdAt: a.createdAt }, { title: a.title, owner: a.owner });
}

function update(doc: Y.Doc, id: string, key: string, value: unknown, origin: Origin): void {
	const record = recordIn(actionRecords(doc), id);
	if (!record) return;
	doc.transact(() => (value === null ? record.delete(key) : record.set(key, value)), origin);
}

export function setActionDue(doc: Y.Doc, id: string, due: string | null, origin: Origin = Origin.user): void {
	if (due !== null && readDate(due) !== due) throw new InvalidInputError(`not a date: ${due}`);
	update(doc, id, 'due', due, origin);
}

export function setActionPriority(doc: Y.Doc, id: string, priority: ActionPriority, origin: Origin = Origin.user): void {
	if (!ACTION_PRIORITIES.includes(priority)) throw new InvalidInputError(`unknown priority: ${String(priority)}`);
	update(doc, id, 'priority', priority, origin);
}

export function setActionStatus(doc: Y.Doc, id: string, status: ActionStatus, origin: Origin = Origin.user): void {
	if (!ACTION_STATUSES.includes(status)) throw new InvalidInputError(`unknown status: ${String(status)}`);
	update(doc, id, 'status', status, origin);
}

/** Links the item to exactly one factor (replacing any previous link); null unlinks. */
export function linkActionToFactor(doc: Y.Doc, id: string, factorId: string | null, origin: Origin = Origin.user): void {
	if (factorId !== null && !recordIn(factorRecords(doc), factorId)) throw new InvalidInputError('no such contributing factor');
	update(doc, id, 'factorId', factorId, origin);
}

export function deleteAction(doc: Y.Doc, id: string, origin: Origin = Origin.user): void {
	doc.transact(() => actionRecords(doc).delete(id), origin);
}

export function actionText(doc: Y.Doc, id: string, field: 'title' | 'owner'): Y.Text | null {
	return recordText(actionRecords(doc).get(id), field);
}

export function readActions(doc: Y.Doc): ActionItem[] {
	const items: ActionItem[] = [];
	for (const [id, record] of recordEntries(actionRecords(doc))) {
		const factorId = record.get('factorId');
		items.push({
			id,
			title: readText(record, 'title'),
			owner: readText(record, 'owner'),
			due: readDate(record.get('due')),
			priority: readOneOf(record, 'priority', ACTION_PRIORITIES, 'medium'),
			status: readOneOf(record, 'status', ACTION_STATUSES, 'open'),
			factorId: typeof factorId === 'string' ? factorId : null,
			createdAt: readString(record, 'createdAt')
		});
	}
	return items.sort(byCreation);
}
