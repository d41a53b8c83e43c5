/**
 * The factor card: a tldraw shape showing one contributing factor — title, category and, once
 * a voting round has closed, its votes. The text is read live from the factor record, so
 * editing it in the list shows here at once; double-clicking the card edits the title and
 * category in place (written to the same factor record, so they show in the list at once).
 * React lives only in this folder; no JSX, so no React plugin is needed in Vite.
 */
import { createElement as h, useEffect, useRef, type ChangeEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { BaseBoxShapeUtil, HTMLContainer, stopEventPropagation, useValue, type SvgExportContext } from 'tldraw';
import type * as Y from 'yjs';
import { FACTOR_CARD_SIZE, FACTOR_CARD_TYPE } from '../board/canvas-mapping.ts';
import { FACTOR_CATEGORIES, type FactorCategory } from '../board/types.ts';
import { applyTextEdit, transformPosition, type TextDelta } from '../board/text-diff.ts';
import { factorCardMigrations, factorCardProps, type FactorCardShape } from './canvas-schema.ts';
import type { FactorCardSync, FactorInfo } from './canvas-factors.ts';

/** Category colours: dark enough for white text, distinct from the presence colours' reds. */
export const CATEGORY_COLORS: Record<FactorCategory, string> = {
	technical: '#1f4b99',
	process: '#6a3d9a',
	communication: '#00695c',
	'detection/monitoring': '#8a4b00',
	testing: '#1f6f43',
	documentation: '#37474f',
	dependencies: '#ad1457',
	other: '#5f6368'
};

const UNTITLED = 'Untitled factor';

export class FactorCardUtil extends BaseBoxShapeUtil<FactorCardShape> {
	static override type = FACTOR_CARD_TYPE;
	static override props = factorCardProps;
	static override migrations = factorCardMigrations;

	override options: { cards: FactorCardSync | null } = { cards: null };

	getDefaultProps(): FactorCardShape['props'] {
		return { factorId: '', ...FACTOR_CARD_SIZE };
	}

	override canEdit(): boolean {
		return true;
	}

	#info(shape: FactorCardShape): FactorInfo | undefined {
		return this.options.cards?.info.get().get(shape.props.factorId);
	}

	override getText(shape: FactorCardShape): string {
		return this.#info(shape)?.title ?? '';
	}

	override getAriaDescriptor(shape: FactorCardShape): string {
		const info = this.#info(shape);
		return `Factor card: ${info?.title || UNTITLED} (${info?.category ?? 'other'})`;
	}

	component(shape: FactorCardShape) {
		return h(FactorCardView, { shape, util: this });
	}

	getIndicatorPath(shape: FactorCardShape): Path2D {
		const path = new Path2D();
		path.roundRect(0, 0, shape.props.w, shape.props.h, 8);
		return path;
	}

	/** Plain SVG (no HTML): the exported picture keeps the card after the server's sanitising. */
	override toSvg(shape: FactorCardShape, _ctx: SvgExportContext) {
		const info = this.#info(shape);
		const { w, h: height } = shape.props;
		const color = CATEGORY_COLORS[info?.category ?? 'other'];
		const lines = wrap(info?.title || UNTITLED, Math.max(8, Math.floor((w - 24) / (15 * 0.55))), 3);
		return h(
			'g',
			{ fontFamily: 'Helvetica, Arial, sans-serif' },
			h('rect', { width: w, height, rx: 8, fill: '#ffffff', stroke: '#c9ced6', strokeWidth: 1.5 }),
			h('rect', { width: w, height: 6, rx: 3, fill: color }),
			h('text', { x: 12, y: 28, fontSize: 11, fill: color, fontWeight: 700 }, (info?.category ?? 'other').toUpperCase()),
			h('text', { x: 12, y: 50, fontSize: 15, fill: '#202124', fontWeight: 600 }, ...lines.map((line, i) => h('tspan', { key: i, x: 12, dy: i === 0 ? 0 : 19 }, line))),
			info?.votes != null ? h('text', { x: w - 12, y: height - 12, fontSize: 12, fill: '#5f6368', textAnchor: 'end' }, votesLabel(info.votes)) : null
		);
	}
}

const votesLabel = (votes: number) => `${votes} vote${votes === 1 ? '' : 's'}`;

/** Greedy word wrap by character count (the picture has no text measurement), with an ellipsis. */
function wrap(text: string, width: number, maxLines: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= width) line = next;
		else {
			if (line) lines.push(line);
			line = word.length > width ? `${word.slice(0, width - 1)}…` : word;
		}
	}
	if (line) lines.push(line);
	if (lines.length > maxLines) {
		lines.length = maxLines;
		lines[maxLines - 1] = `${lines[maxLines - 1].slice(0, width - 1)}…`;
	}
	return lines;
}

function FactorCardView({ shape, util }: { shape: FactorCardShape; util: FactorCardUtil }) {
	const editor = util.editor;
	const cards = util.options.cards;
	const info = useValue('factor info', () => cards?.info.get().get(shape.props.factorId), [cards, shape.props.factorId]);
	const editing = useValue('editing', () => editor.getEditingShapeId() === shape.id && !editor.getIsReadonly(), [editor, shape.id]);
	const category = info?.category ?? 'other';
	const color = CATEGORY_COLORS[category];
	const finish = () => {
		editor.setEditingShape(null);
		editor.getContainer().focus();
	};

	const container = {
		className: 'debrief-factor-card',
		'data-testid': 'factor-card',
		'data-factor-id': shape.props.factorId,
		style: { width: shape.props.w, height: shape.props.h, pointerEvents: editing ? 'all' : 'none', borderTop: `6px solid ${color}` }
	} as Parameters<typeof HTMLContainer>[0];
	return h(
		HTMLContainer,
		container,
		h('div', { className: 'debrief-factor-card__category', style: { color } }, category),
		editing && cards
			? h(
					'div',
					{ className: 'debrief-factor-card__edit' },
					h(TitleInput, { text: cards.titleText(shape.props.factorId), onDone: finish }),
					h(
						'select',
						{
							'aria-label': 'Category',
							value: category,
							onPointerDown: stopEventPropagation,
							onChange: (e: ChangeEvent<HTMLSelectElement>) => cards.setCategory(shape.props.factorId, e.currentTarget.value as FactorCategory)
						},
						...FACTOR_CATEGORIES.map((c) => h('option', { key: c, value: c }, c))
					)
				)
			: h('div', { className: 'debrief-factor-card__title', 'data-testid': 'factor-card-title' }, info?.title || h('span', { className: 'debrief-factor-card__untitled' }, UNTITLED)),
		info?.votes != null ? h('div', { className: 'debrief-factor-card__votes', 'data-testid': 'factor-card-votes' }, votesLabel(info.votes)) : null
	);
}

/**
 * The factor's title, bound to its Y.Text like the list's fields (use:yText): the same
 * applyTextEdit makes minimal edits, remote edits keep the caret. Its undo is the board's
 * undo, as in the list (the field is marked so the canvas leaves Ctrl+Z to the board).
 */
function TitleInput({ text, onDone }: { text: Y.Text | null; onDone: () => void }) {
	const ref = useRef<HTMLInputElement>(null);
	useEffect(() => {
		const input = ref.current;
		if (!input || !text) return;
		let last = text.toString();
		input.value = last;
		input.focus();
		input.select();
		const onInput = () => {
			const before = last;
			last = input.value;
			applyTextEdit(text, before, input.value);
		};
		const observer = (event: Y.YTextEvent) => {
			const value = text.toString();
			if (value === input.value) return;
			const start = input.selectionStart ?? 0;
			const end = input.selectionEnd ?? 0;
			input.value = value;
			last = value;
			const delta = event.delta as TextDelta;
			input.setSelectionRange(transformPosition(start, delta), transformPosition(end, delta));
		};
		input.addEventListener('input', onInput);
		text.observe(observer);
		return () => {
			input.removeEventListener('input', onInput);
			text.unobserve(observer);
		};
	}, [text]);
	const onKeyDown = (e: ReactKeyboardEvent<HTMLInputElement>) => {
		if (e.key === 'Enter' || e.key === 'Escape') {
			e.preventDefault();
			onDone();
		}
	};
	return h('input', {
		ref,
		type: 'text',
		'aria-label': 'Factor title',
		'data-board-undo': '',
		placeholder: 'Name the factor',
		disabled: !text,
		onPointerDown: stopEventPropagation,
		onKeyDown
	});
}
