/**
 * Anonymous notes from the silent-writing phase. Participants send them to the server, which
 * holds them back and writes them here only when the facilitator reveals them — shuffled and
 * from a throwaway client id, so neither the document nor the traffic links a note to its
 * author. On the board they are raw material: the team moves each into a section.
 */
import type * as Y from 'yjs';
import { addFactor } from './factors.ts';
import { addListItem } from './lists.ts';
import { Origin, revealedNotes } from './schema.ts';
import { createRecord, listRecords, readOneOf, readText } from './records.ts';
import { InvalidInputError } from './errors.ts';
import { NOTE_KINDS, type AnonymousNote, type NoteKind, type RevealedNote } from './types.ts';

export const MAX_NOTE_LENGTH = 500;



/** Checks a note as it arrives from a participant. */
export function validateNote(input: unknown): AnonymousNote {
	const note = input as Partial<AnonymousNote> | null;
	if (!note || typeof note !== 'object') throw new InvalidInputError('a note is {"kind": "wrong" | "well", "text": "…"}');
	if (!NOTE_KINDS.includes(note.kind as NoteKind)) throw new InvalidInputError('kind must be "wrong" or "well"');
	if (typeof note.text !== 'string') throw new InvalidInputError('text must be a string');
	const text = note.text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]+/g, ' ').trim();
	if (!text) throw new InvalidInputError('the note is empty');
	if (text.length > MAX_NOTE_LENGTH) throw new InvalidInputError(`a note has at most ${MAX_NOTE_LENGTH} characters`);
	return { kind: note.kind as NoteKind, text };
}

/** Appends notes in the given order (the server shuffles them first). No author is recorded. */
export function appendRevealedNotes(doc: Y.Doc, notes: readonly AnonymousNote[]): void {
	const records = notes.map((note) => {
		const { record } = createRecord({ kind: note.kind }, { text: note.text });
		// The creation time would order notes by when they were written: leave it out.
		record.delete('createdAt');
		return record;
	});
	revealedNotes(doc).push(records);
}

export function readRevealedNotes(doc: Y.Doc): RevealedNote[] {
	return listRecords(revealedNotes(doc)).map(({ id, record }) => ({ id, kind: readOneOf(record, 'kind', NOTE_KINDS, 'wrong'), text: readText(record, 'text') }));
}

export type NoteDestination = 'wentWell' | 'lucky' | 'factor' | 'dismiss';

/** Moves a revealed note into a section (or drops it), in one undoable step. */
export function placeNote(doc: Y.Doc, noteId: string, destination: NoteDestination, origin: Origin = Origin.user): void {
	const list = revealedNotes(doc);
	const note = listRecords(list).find((item) => item.id === noteId);
	if (!note) return;
	const text = readText(note.record, 'text');
	doc.transact(() => {
		if (destination === 'wentWell' || destination === 'lucky') addListItem(doc, destination, text, origin);
		else if (destination === 'factor') addFactor(doc, { title: text }, origin);
		list.delete(note.index, 1);
	}, origin);
}

/** Fisher–Yates with a crypto source: the reveal order must not hint at who wrote what. */
export function shuffled<T>(items: readonly T[]): T[] {
	const result = [...items];
	for (let i = result.length - 1; i > 0; i--) {
		const j = crypto.getRandomValues(new Uint32Array(1))[0] % (i + 1);
		[result[i], result[j]] = [result[j], result[i]];
	}
	return result;
}
