/**
 * L9: wrong keys are rate-limited per client address. After too many failed attempts in a
 * window, every key-bearing request from that address (the websocket upgrade and the HTTP API)
 * is answered 429 with Retry-After until the window ends, without checking the key: a guesser
 * that still learned which guess was right would not be slowed at all. Other addresses are
 * unaffected, and successful requests never count.
 *
 * Attempts are counted twice: distinct (board, key) pairs, which is what guessing is, and
 * every failure, which bounds the storage look-ups one address can cause. A stale link that a
 * dozen people behind one office address reload is one distinct attempt, not a dozen.
 */
import { createHash } from 'node:crypto';
import { ExpiringMap } from './expiring-map.ts';
import type { Clock } from './token-bucket.ts';

export interface GuessPolicy {
	windowMs: number;
	/** Distinct wrong (board, key) pairs per address and window. */
	maxDistinct: number;
	/** Failed attempts of any kind per address and window. */
	maxTotal: number;
	/** Addresses remembered at once; the oldest is forgotten first. */
	maxAddresses: number;
}

export const DEFAULT_GUESS_POLICY: GuessPolicy = { windowMs: 60_000, maxDistinct: 10, maxTotal: 60, maxAddresses: 10_000 };

interface Failures {
	total: number;
	/** Digests of the distinct attempts, at most maxDistinct of them. */
	distinct: Set<string>;
}

export class KeyGuessLimiter {
	readonly #policy: GuessPolicy;
	readonly #failures: ExpiringMap<Failures>;

	constructor(now: Clock, policy: GuessPolicy = DEFAULT_GUESS_POLICY) {
		this.#policy = policy;
		this.#failures = new ExpiringMap(policy.maxAddresses, now);
	}

	/** Milliseconds until `address` may try keys again; 0 when it may now. */
	retryAfterMs(address: string): number {
		const failures = this.#failures.get(address);
		if (!failures || (failures.distinct.size < this.#policy.maxDistinct && failures.total < this.#policy.maxTotal)) return 0;
		return this.#failures.msLeft(address);
	}

	/** Records a failed attempt: `board` and `key` as presented (the key is only kept as a digest). */
	fail(address: string, board: string, key: string | null): void {
		let failures = this.#failures.get(address);
		if (!failures) {
			failures = { total: 0, distinct: new Set() };
			// The window starts with the first failure and is not extended by later ones.
			this.#failures.set(address, failures, this.#policy.windowMs);
		}
		failures.total++;
		if (failures.distinct.size < this.#policy.maxDistinct) {
			failures.distinct.add(createHash('sha256').update(`${board}\n${key ?? ''}`).digest('base64url').slice(0, 16));
		}
	}
}
