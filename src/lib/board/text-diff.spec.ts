import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffText, transformPosition, type TextDelta } from './text-diff.ts';

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
