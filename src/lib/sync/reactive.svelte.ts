/**
 * The one place Yjs observation meets Svelte reactivity: a value read from a Yjs document
 * (any change to it, local or remote) or from awareness (presence) states, which re-renders
 * whatever reads it whenever its source changes.
 */
import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';

export type YSource = Y.Doc | Awareness;

function listen(source: YSource, changed: () => void): () => void {
	if (source instanceof Y.Doc) {
		source.on('update', changed);
		return () => source.off('update', changed);
	}
	source.on('change', changed);
	return () => source.off('change', changed);
}

export class YValue<T> {
	readonly #read: () => T;
	readonly #subscribe: () => void;
	// While someone listens, the value is read once per change; otherwise on every access,
	// since nothing would tell it that the source moved on.
	#listening = false;
	#stale = true;
	#value: T | undefined;

	constructor(source: YSource, read: () => T) {
		this.#read = read;
		this.#subscribe = createSubscriber((update) => {
			this.#listening = true;
			this.#stale = true;
			const stop = listen(source, () => {
				this.#stale = true;
				update();
			});
			return () => {
				stop();
				this.#listening = false;
			};
		});
	}

	get current(): T {
		this.#subscribe();
		if (this.#stale || !this.#listening) {
			this.#value = this.#read();
			this.#stale = false;
		}
		return this.#value as T;
	}
}
