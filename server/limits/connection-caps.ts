/**
 * L7, L8: how many websockets one board document and one client address may hold open at
 * once. Counts exist only for open connections, so memory follows real use.
 */
export interface CapLimits {
	perRoom: number;
	perAddress: number;
}

export type CapDecision = { ok: true; release: () => void } | { ok: false; full: 'room' | 'address' };

export class ConnectionCaps {
	readonly #limits: CapLimits;
	readonly #perRoom = new Map<string, number>();
	readonly #perAddress = new Map<string, number>();

	constructor(limits: CapLimits) {
		this.#limits = limits;
	}

	/** Counts a new connection, or says which cap it would exceed. `release` may be called more than once. */
	open(address: string, room: string): CapDecision {
		if ((this.#perRoom.get(room) ?? 0) >= this.#limits.perRoom) return { ok: false, full: 'room' };
		if ((this.#perAddress.get(address) ?? 0) >= this.#limits.perAddress) return { ok: false, full: 'address' };
		increment(this.#perRoom, room, 1);
		increment(this.#perAddress, address, 1);
		let released = false;
		return {
			ok: true,
			release: () => {
				if (released) return;
				released = true;
				increment(this.#perRoom, room, -1);
				increment(this.#perAddress, address, -1);
			}
		};
	}
}

function increment(counts: Map<string, number>, key: string, by: number): void {
	const count = (counts.get(key) ?? 0) + by;
	if (count > 0) counts.set(key, count);
	else counts.delete(key);
}
