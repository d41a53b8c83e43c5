/**
 * The board as reactive plain data for the components: re-read whenever the document
 * changes (locally or remotely), with everything derived from it computed once per change.
 */
import type * as Y from 'yjs';
import { readBoard } from '../board/board.ts';
import type { BoardData } from '../board/types.ts';

export class BoardState {
	readonly doc: Y.Doc;
	#version = $state(0);
	readonly #bump = () => this.#version++;

	constructor(doc: Y.Doc) {
		this.doc = doc;
		doc.on('update', this.#bump);
	}

	/** The whole board; recomputed lazily after each change. */
	readonly data: BoardData = $derived.by(() => {
		void this.#version;
		return readBoard(this.doc);
	});

	destroy(): void {
		this.doc.off('update', this.#bump);
	}
}
