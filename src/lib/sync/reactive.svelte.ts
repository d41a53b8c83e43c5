/**
 * The one place Yjs observation meets Svelte reactivity: a value read from a shared type
 * that re-renders whatever reads it whenever the type (or anything inside it) changes.
 */
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';

export class YValue<T> {
	readonly #read: () => T;
	readonly #subscribe: () => void;

	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are invariant in their event type
	constructor(type: Y.AbstractType<any>, read: () => T) {
		this.#read = read;
		this.#subscribe = createSubscriber((update) => {
			type.observeDeep(update);
			return () => type.unobserveDeep(update);
		});
	}

	get current(): T {
		this.#subscribe();
		return this.#read();
	}
}

/** The same for awareness (presence) states. */
export class AwarenessValue<T> {
	readonly #read: () => T;
	readonly #subscribe: () => void;

	constructor(awareness: Awareness, read: () => T) {
		this.#read = read;
		this.#subscribe = createSubscriber((update) => {
			awareness.on('change', update);
			return () => awareness.off('change', update);
		});
	}

	get current(): T {
		this.#subscribe();
		return this.#read();
	}
}
