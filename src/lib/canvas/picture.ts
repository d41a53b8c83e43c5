/**
 * Keeps the server's picture of the canvas current (docs/protocol.md, "Canvas picture"): a few
 * seconds after the canvas last changed, ONE writing participant's browser renders it with
 * tldraw's own SVG export and uploads it, so the writeup has it even when nobody has the
 * board open. That one is the participant with the canvas open whose awareness client id is
 * lowest; everyone computes the same answer from the same presence states.
 */
import type { Editor } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import { flattenForeignObjects } from './svg-text.ts';
import { apiPath } from '../sync/protocol/http.ts';
import { MAX_CANVAS_SVG_BYTES } from '../sync/protocol/limits.ts';

export const PICTURE_DEBOUNCE_MS = 3000;
const EMPTY_PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"/>';

export interface PictureOptions {
	editor: Editor;
	awareness: Awareness;
	boardId: string;
	/** Read at each upload: the link may have been replaced since (W6). */
	secret: () => string;
	debounceMs?: number;
	warn?(message: string, detail?: unknown): void;
}

/** Whether this screen is the one that uploads: the lowest client id among open canvases. */
export function isPictureLeader(awareness: Awareness): boolean {
	let lowest = Infinity;
	for (const [clientId, state] of awareness.getStates()) {
		if ((state as { canvas?: unknown } | null)?.canvas) lowest = Math.min(lowest, clientId);
	}
	return lowest === awareness.clientID;
}

export class PictureUploader {
	readonly #options: PictureOptions;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#last: string | null = null;
	#running = false;
	#dirty = false;
	#destroyed = false;

	constructor(options: PictureOptions) {
		this.#options = options;
		// When the screen that should have uploaded leaves, the next one in line takes over.
		options.awareness.on('change', this.#onPresence);
	}

	readonly #onPresence = () => {
		if (this.#dirty && !this.#timer && !this.#running && isPictureLeader(this.#options.awareness)) this.changed();
	};

	/** Something on the canvas (or a factor shown on it) changed. */
	changed(): void {
		if (this.#destroyed) return;
		this.#dirty = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#upload(), this.#options.debounceMs ?? PICTURE_DEBOUNCE_MS);
	}

	destroy(): void {
		this.#destroyed = true;
		this.#options.awareness.off('change', this.#onPresence);
		if (this.#timer) clearTimeout(this.#timer);
	}

	async #upload(): Promise<void> {
		this.#timer = null;
		if (this.#running || this.#destroyed) return;
		const { editor, awareness, boardId, secret, warn } = this.#options;
		if (!isPictureLeader(awareness)) return;
		this.#running = true;
		this.#dirty = false;
		try {
			const picture = await this.#render(editor);
			if (picture === this.#last) return;
			if (picture.length > MAX_CANVAS_SVG_BYTES) {
				warn?.('the canvas picture is too large to keep for the writeup', { bytes: picture.length });
				return;
			}
			const response = await fetch(apiPath('canvasSvg', { boardId }), {
				method: 'PUT',
				headers: { authorization: `Bearer ${secret()}`, 'content-type': 'image/svg+xml' },
				body: picture
			});
			if (response.ok) this.#last = picture;
			else warn?.('the server refused the canvas picture', { status: response.status });
		} catch (error) {
			// Offline or rendering failed: the next change tries again.
			warn?.('could not upload the canvas picture', { error: String(error) });
		} finally {
			this.#running = false;
			if (this.#dirty && !this.#destroyed) this.changed();
		}
	}

	async #render(editor: Editor): Promise<string> {
		const page = editor.getPages()[0];
		const ids = page ? [...editor.getPageShapeIds(page)] : [];
		if (ids.length === 0) return EMPTY_PICTURE;
		const result = await editor.getSvgElement(ids, { background: true, darkMode: false, padding: 24 });
		// A copy: tldraw still owns (and later removes) the element it rendered.
		return result ? flattenForeignObjects(result.svg.cloneNode(true) as SVGSVGElement) : EMPTY_PICTURE;
	}
}
