/**
 * `use:yText={text}` binds an <input> or <textarea> to a Y.Text: local typing becomes minimal
 * character edits (so two people typing in one field both keep their characters), and remote
 * edits update the field without moving the local caret.
 */
import type * as Y from 'yjs';
import type { Action } from 'svelte/action';
import { applyTextEdit, transformPosition, type TextDelta } from '../board/text-diff.ts';
import { textLimit } from '../board/shape.ts';

type Field = HTMLInputElement | HTMLTextAreaElement;

export const yText: Action<Field, Y.Text> = (node, initial) => {
	let text = initial;
	let lastValue = '';

	const render = (delta?: TextDelta) => {
		const value = text.toString();
		if (node.value === value) {
			lastValue = value;
			return;
		}
		const focused = document.activeElement === node;
		const start = node.selectionStart ?? 0;
		const end = node.selectionEnd ?? 0;
		node.value = value;
		lastValue = value;
		if (focused && delta) node.setSelectionRange(transformPosition(start, delta), transformPosition(end, delta));
	};

	const onInput = () => {
		const before = lastValue;
		lastValue = node.value;
		applyTextEdit(text, before, node.value);
	};

	const observer = (event: Y.YTextEvent) => render(event.delta as TextDelta);

	const attach = () => {
		text.observe(observer);
		// The server refuses longer text (S3): the field stops there, a paste is cut to fit.
		const limit = textLimit(text);
		if (limit !== null) node.maxLength = limit;
		render();
	};

	node.addEventListener('input', onInput);
	attach();

	return {
		update(next) {
			if (next === text) return;
			text.unobserve(observer);
			text = next;
			attach();
		},
		destroy() {
			node.removeEventListener('input', onInput);
			text.unobserve(observer);
		}
	};
};
