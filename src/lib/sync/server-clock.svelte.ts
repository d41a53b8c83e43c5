/**
 * The server's clock as seen from this browser. Countdowns are computed against it, so a
 * participant whose computer clock is minutes off still sees the same remaining time.
 * The offset is measured like NTP: the sample with the shortest round trip wins.
 */
import { apiPath } from './protocol/http.ts';

export class ServerClock {
	/** serverTime ≈ Date.now() + offset */
	#offset = $state(0);
	#now = $state(Date.now());
	#measured = $state(false);
	#timer: ReturnType<typeof setInterval> | null = null;
	#resync: ReturnType<typeof setInterval> | null = null;

	get offset(): number {
		return this.#offset;
	}
	/** The server's current time (ms), updated four times a second. */
	get now(): number {
		return this.#now;
	}
	get measured(): boolean {
		return this.#measured;
	}

	start(): void {
		void this.measure();
		this.#timer = setInterval(() => (this.#now = Date.now() + this.#offset), 250);
		// Clocks drift and laptops sleep: measure again now and then.
		this.#resync = setInterval(() => void this.measure(), 60_000);
	}

	async measure(samples = 4): Promise<void> {
		let best: { rtt: number; offset: number } | null = null;
		for (let i = 0; i < samples; i++) {
			try {
				const sent = Date.now();
				const response = await fetch(apiPath('time'), { cache: 'no-store' });
				const received = Date.now();
				const { now } = (await response.json()) as { now: number };
				const rtt = received - sent;
				const offset = now - (sent + rtt / 2);
				if (!best || rtt < best.rtt) best = { rtt, offset };
			} catch {
				// Offline: keep the last offset.
			}
		}
		if (best) {
			this.#offset = best.offset;
			this.#now = Date.now() + best.offset;
			this.#measured = true;
		}
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		if (this.#resync) clearInterval(this.#resync);
	}
}
