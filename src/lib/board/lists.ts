/** "What went well" and "where we got lucky": short ordered lists of free text. */
import type * as Y from 'yjs';
import { listItems, Origin } from './schema.ts';
import { createRecord, readString, readText, recordText } from './records.ts';
import type { ListItem } from './types.ts';

export type ListName = 'wentWell' | 'lucky';

export function addListItem(doc: Y.Doc, list: ListName, text = '', origin: string = Origin.user): string {
	const { id, record } = createRecord({}, { text });
	doc.transact(() => listItems(doc, list).push([record]), origin);
	return id;
}

export function deleteListItem(doc: Y.Doc, list: ListName, id: string, origin: string = Origin.user): void {
	const items = listItems(doc, list);
	const index = items.toArray().findIndex((item) => item.get('id') === id);
	if (index >= 0) doc.transact(() => items.delete(index, 1), origin);
}

export function listItemText(doc: Y.Doc, list: ListName, id: string): Y.Text | null {
	return recordText(
		listItems(doc, list)
			.toArray()
			.find((item) => item.get('id') === id),
		'text'
	);
}

export function readList(doc: Y.Doc, list: ListName): ListItem[] {
	return listItems(doc, list)
		.toArray()
		.map((item) => ({ id: readString(item, 'id'), text: readText(item, 'text') }))
		.filter((item) => item.id);
}
