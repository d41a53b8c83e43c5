/** "What went well" and "where we got lucky": short ordered lists of free text. */
import type * as Y from 'yjs';
import { listItems, Origin } from './schema.ts';
import { createRecord, recordOf, listRecords, readText, recordText } from './records.ts';
import type { ListItem } from './types.ts';

export type ListName = 'wentWell' | 'lucky';

export function addListItem(doc: Y.Doc, list: ListName, text = '', origin: Origin = Origin.user): string {
	const { id, record } = createRecord({}, { text });
	doc.transact(() => listItems(doc, list).push([record]), origin);
	return id;
}

/** A list item as an import writes it: the file's id, no creation time (lists keep their order). */
export function listItemRecord(item: ListItem): Y.Map<unknown> {
	return recordOf({ id: item.id }, { text: item.text });
}

const findItem = (doc: Y.Doc, list: ListName, id: string) => listRecords(listItems(doc, list)).find((item) => item.id === id);

export function deleteListItem(doc: Y.Doc, list: ListName, id: string, origin: Origin = Origin.user): void {
	const item = findItem(doc, list, id);
	if (item) doc.transact(() => listItems(doc, list).delete(item.index, 1), origin);
}

export function listItemText(doc: Y.Doc, list: ListName, id: string): Y.Text | null {
	return recordText(findItem(doc, list, id)?.record, 'text');
}

export function readList(doc: Y.Doc, list: ListName): ListItem[] {
	return listRecords(listItems(doc, list)).map(({ id, record }) => ({ id, text: readText(record, 'text') }));
}
