/**
 * L5: one connection may introduce only a few presence (awareness) client ids. A browser tab
 * uses one; a handful leaves room for odd clients. Extra ids are dropped, so a newcomer never
 * receives more presence entries than connections times the quota; a connection that keeps
 * trying is told to stop.
 */
export const PRESENCE_IDS_PER_CONNECTION = 4;
/** Refused ids after which a connection is closed (L5). */
export const MAX_REFUSED_PRESENCE_IDS = 16;

export class PresenceQuota {
	readonly #perConnection: number;
	readonly #maxRefused: number;
	readonly #introduced = new WeakMap<object, Set<number>>();
	readonly #refused = new WeakMap<object, number>();

	constructor(perConnection = PRESENCE_IDS_PER_CONNECTION, maxRefused = MAX_REFUSED_PRESENCE_IDS) {
		this.#perConnection = perConnection;
		this.#maxRefused = maxRefused;
	}

	/** Whether `connection` may announce or clear `clientId`: one it introduced, or a new one within its quota. */
	allows(connection: object, clientId: number): boolean {
		let ids = this.#introduced.get(connection);
		if (!ids) this.#introduced.set(connection, (ids = new Set()));
		if (ids.has(clientId)) return true;
		if (ids.size < this.#perConnection) {
			ids.add(clientId);
			return true;
		}
		this.#refused.set(connection, (this.#refused.get(connection) ?? 0) + 1);
		return false;
	}

	/** True once `connection` has been refused more ids than a mistake explains. */
	exhausted(connection: object): boolean {
		return (this.#refused.get(connection) ?? 0) > this.#maxRefused;
	}
}
