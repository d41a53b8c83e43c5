/**
 * The board as reactive plain data for the components: re-read whenever the document
 * changes (locally or remotely), once per change however many components read it.
 */
import type * as Y from 'yjs';
import { readBoard } from '../board/board.ts';
import type { BoardData } from '../board/types.ts';
import { YValue } from './reactive.svelte.ts';

export class BoardState {
	readonly doc: Y.Doc;
	readonly #data: YValue<BoardData>;

	constructor(doc: Y.Doc) {
		this.doc = doc;
		this.#data = new YValue(doc, () => readBoard(doc));
	}

	/** The whole board. */
	get data(): BoardData {
		return this.#data.current;
	}
}
