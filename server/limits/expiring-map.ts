/**
 * A map whose entries expire, holding at most `maxEntries`: memory stays bounded whatever
 * an attacker sends. Entries are kept in insertion order, and every user of this map gives its
 * entries the same lifetime, so the oldest entry is also the first to expire.
 */
import type { Clock } from './token-bucket.ts';

export class ExpiringMap<V> {
	readonly #entries = new Map<string, { value: V; expiresAt: number }>();
	readonly #maxEntries: number;
	readonly #now: Clock;

	constructor(maxEntries: number, now: Clock) {
		this.#maxEntries = maxEntries;
		this.#now = now;
	}

	get size(): number {
		return this.#entries.size;
	}

	get(key: string): V | undefined {
		const entry = this.#entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt > this.#now()) return entry.value;
		this.#entries.delete(key);
		return undefined;
	}

	/** Milliseconds until `key` expires; 0 when it is not there. */
	msLeft(key: string): number {
		const entry = this.#entries.get(key);
		return entry ? Math.max(0, entry.expiresAt - this.#now()) : 0;
	}

	/** Adds or replaces an entry that lives `lifetimeMs` from now. */
	set(key: string, value: V, lifetimeMs: number): void {
		this.#entries.delete(key);
		this.#evict();
		this.#entries.set(key, { value, expiresAt: this.#now() + lifetimeMs });
	}

	/** Drops expired entries from the front; when still full, the oldest live one goes too. */
	#evict(): void {
		const now = this.#now();
		for (const [key, entry] of this.#entries) {
			if (entry.expiresAt > now && this.#entries.size < this.#maxEntries) break;
			this.#entries.delete(key);
			if (entry.expiresAt > now) break;
		}
	}
}
