/**
 * Writeups over HTTP: the board's current state (from its loaded room, or loaded for the
 * occasion) rendered by the same pure functions the browser uses — read here, rendered on
 * the export worker (export-renderer.ts, X3).
 */
import * as Y from 'yjs';
import { readBoard } from '../../src/lib/board/board.ts';
import { readControl } from '../../src/lib/board/control.ts';
import type { ExportFile } from '../../src/lib/board/export/json.ts';
import { writeImportedBoard } from '../../src/lib/board/export/import.ts';
import { exportInput, type ExportInput, type ExportOptions } from '../../src/lib/board/export/model.ts';
import type { DocName } from '../../src/lib/sync/protocol/constants.ts';
import type { BoardStore } from '../persistence/store.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import type { ExportFormat } from './export-render.ts';
import { ExportRenderer } from './export-renderer.ts';

export type { ExportFormat };

export const EXPORT_FORMATS: Record<ExportFormat, { type: string }> = {
	md: { type: 'text/markdown; charset=utf-8' },
	html: { type: 'text/html; charset=utf-8' },
	json: { type: 'application/json; charset=utf-8' }
};

export class ExportService {
	readonly #rooms: RoomRegistry;
	readonly #store: BoardStore;
	readonly #renderer: ExportRenderer;

	constructor(store: BoardStore, rooms: RoomRegistry, renderer = new ExportRenderer()) {
		this.#store = store;
		this.#rooms = rooms;
		this.#renderer = renderer;
	}

	async input(boardId: string): Promise<ExportInput> {
		const board = await this.#read(boardId, 'board', readBoard);
		const control = await this.#read(boardId, 'control', readControl);
		const svg = await this.#store.getBlob(boardId, 'canvas-svg');
		return exportInput(board, control, svg ? new TextDecoder().decode(svg) : null);
	}

	/** The writeup as UTF-8. The board is read when the worker is free for it, not before. */
	render(boardId: string, format: ExportFormat, options: ExportOptions): Promise<Uint8Array> {
		return this.#renderer.render(async () => ({ format, input: await this.input(boardId), options }));
	}

	close(): Promise<void> {
		return this.#renderer.close();
	}

	#read<T>(boardId: string, docName: DocName, reader: (doc: Y.Doc) => T): Promise<T> {
		return this.#rooms.withRoom(boardId, docName, (room) => room.read(reader));
	}
}

/** The initial state of both documents of a board imported from an export file. */
export function importedDocuments(file: ExportFile): { board: Uint8Array; control: Uint8Array } {
	const board = new Y.Doc();
	const control = new Y.Doc();
	writeImportedBoard(file, board, control);
	const result = { board: Y.encodeStateAsUpdate(board), control: Y.encodeStateAsUpdate(control) };
	board.destroy();
	control.destroy();
	return result;
}
