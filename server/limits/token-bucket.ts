/**
 * A token bucket: `perSecond` tokens accrue up to `capacity` (the burst). Time comes from an
 * injected clock in milliseconds, so tests need no sleeps.
 */
export type Clock = () => number;

export interface BucketRate {
	/** Tokens that accrue per second: the sustained rate. */
	perSecond: number;
	/** Tokens the bucket holds when full: what may be spent at once. */
	capacity: number;
}

export class TokenBucket {
	readonly #rate: BucketRate;
	readonly #now: Clock;
	#tokens: number;
	#at: number;

	/** `full: false` starts with an empty bucket: only the sustained rate, no burst. */
	constructor(rate: BucketRate, now: Clock, { full = true }: { full?: boolean } = {}) {
		this.#rate = rate;
		this.#now = now;
		this.#tokens = full ? rate.capacity : 0;
		this.#at = now();
	}

	get tokens(): number {
		this.#refill();
		return this.#tokens;
	}

	/**
	 * Spends `cost` tokens if they are there. A cost larger than the whole bucket is allowed
	 * once the bucket is full and leaves it in debt, so nothing is ever too big to pass while
	 * the sustained rate still holds.
	 */
	take(cost = 1): boolean {
		this.#refill();
		if (this.#tokens < Math.min(cost, this.#rate.capacity)) return false;
		this.#tokens -= cost;
		return true;
	}

	/** Milliseconds until `take(cost)` would succeed; 0 when it would now. */
	msUntil(cost = 1): number {
		this.#refill();
		const missing = Math.min(cost, this.#rate.capacity) - this.#tokens;
		return missing <= 0 ? 0 : Math.ceil((missing / this.#rate.perSecond) * 1000);
	}

	#refill(): void {
		const now = this.#now();
		if (now <= this.#at) return;
		this.#tokens = Math.min(this.#rate.capacity, this.#tokens + ((now - this.#at) / 1000) * this.#rate.perSecond);
		this.#at = now;
	}
}
