/**
 * Runs tasks one after another per key (tasks on different keys run concurrently).
 * A failed task does not stop the ones queued behind it.
 */
export class KeyedQueue {
	readonly #tails = new Map<string, Promise<void>>();

	run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.#tails.get(key) ?? Promise.resolve();
		const result = previous.then(task);
		const tail = result.then(
			() => {},
			() => {}
		);
		this.#tails.set(key, tail);
		// Forget idle keys so the map does not grow with every document ever touched.
		void tail.then(() => {
			if (this.#tails.get(key) === tail) this.#tails.delete(key);
		});
		return result;
	}

	/** Resolves once every task queued so far (and any queued meanwhile) has settled. */
	async idle(): Promise<void> {
		while (this.#tails.size > 0) await Promise.all(this.#tails.values());
	}
}
