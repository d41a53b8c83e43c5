import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextEdit, diffText, transformPosition, type TextDelta } from './text-diff.ts';
import { Origin } from './schema.ts';

describe('diffText', () => {
	it('returns null when nothing changed', () => {
		expect(diffText('abc', 'abc')).toBeNull();
	});
	it('finds an insertion in the middle', () => {
		expect(diffText('abcd', 'abXcd')).toEqual({ index: 2, deleteCount: 0, insert: 'X' });
	});
	it('finds a deletion and a replacement', () => {
		expect(diffText('abcd', 'ad')).toEqual({ index: 1, deleteCount: 2, insert: '' });
		expect(diffText('hello world', 'hello there')).toEqual({ index: 6, deleteCount: 5, insert: 'there' });
	});
	it('handles repeated characters without over-matching', () => {
		const change = diffText('aaa', 'aaaa');
		expect(change).not.toBeNull();
		const applied = 'aaa'.slice(0, change!.index) + change!.insert + 'aaa'.slice(change!.index + change!.deleteCount);
		expect(applied).toBe('aaaa');
	});
});

describe('transformPosition', () => {
	const deltaOf = (before: string, edit: (t: Y.Text) => void): TextDelta => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, before);
		let delta: TextDelta = [];
		text.observe((event) => (delta = event.delta as TextDelta));
		edit(text);
		return delta;
	};
	it('moves the caret right when text is inserted before it', () => {
		expect(transformPosition(5, deltaOf('hello world', (t) => t.insert(0, 'oh ')))).toBe(8);
	});
	it('keeps the caret when text is inserted after or exactly at it', () => {
		expect(transformPosition(5, deltaOf('hello world', (t) => t.insert(8, 'XX')))).toBe(5);
		expect(transformPosition(5, deltaOf('hello world', (t) => t.insert(5, 'XX')))).toBe(5);
	});
	it('moves the caret left when text before it is deleted, clamping inside a deleted range', () => {
		expect(transformPosition(5, deltaOf('hello world', (t) => t.delete(0, 2)))).toBe(3);
		expect(transformPosition(5, deltaOf('hello world', (t) => t.delete(3, 5)))).toBe(3);
	});
});

describe('applyTextEdit', () => {
	const field = (value: string) => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, value);
		return { doc, text };
	};

	it('applies the one minimal splice in one transaction by the user', () => {
		const { doc, text } = field('hello world');
		const changes: { origin: unknown; delta: TextDelta }[] = [];
		text.observe((event) => changes.push({ origin: event.transaction.origin, delta: event.delta as TextDelta }));
		applyTextEdit(text, 'hello world', 'hello there');
		expect(text.toString()).toBe('hello there');
		expect(changes).toEqual([{ origin: Origin.user, delta: [{ retain: 6 }, { delete: 5 }, { insert: 'there' }] }]);
	});

	it('keeps both people’s characters when two type in one field at once', () => {
		const a = field('');
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
		applyTextEdit(a.text, '', 'ab');
		applyTextEdit(b.getText('t'), '', 'xy');
		Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
		expect(a.text.toString()).toHaveLength(4);
		expect(b.getText('t').toString()).toBe(a.text.toString());
	});

	it('does nothing when the value did not change or the text is in no document', () => {
		const { doc, text } = field('same');
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		applyTextEdit(text, 'same', 'same');
		expect(transactions).toBe(0);
		const loose = new Y.Text();
		expect(() => applyTextEdit(loose, '', 'x')).not.toThrow();
		expect(loose.toJSON()).toBe('');
	});
});
