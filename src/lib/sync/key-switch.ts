/**
 * W6 (docs/protocol.md): a screen that replaces its own link moves its live connection to the
 * new key. The server closes every socket of the old key with 4403 — this screen's too, since
 * it cannot tell them apart — so while the replacement is under way that close is held back
 * instead of ending the session; once the new key is known the provider connects with it.
 */
import type { WebsocketProvider } from 'y-websocket';
import { CloseCode } from './protocol/constants.ts';

export interface ClosedEvent {
	code: number;
	reason: string;
}

export class KeySwitch {
	readonly #provider: WebsocketProvider;
	readonly #onClosed: (event: ClosedEvent) => void;
	#pending = false;
	#held: ClosedEvent | null = null;

	/** Takes over the provider's `closed` events: `onClosed` sees every one not held back. */
	constructor(provider: WebsocketProvider, onClosed: (event: ClosedEvent) => void = () => {}) {
		this.#provider = provider;
		this.#onClosed = onClosed;
		provider.on('closed', (event: ClosedEvent) => {
			if (this.#pending && event.code === CloseCode.accessRevoked) this.#held = event;
			else onClosed(event);
		});
	}

	/** The link is about to be replaced: its revocation is expected. */
	begin(): void {
		this.#pending = true;
	}

	/** Connects with the new key; with null (the replacement failed) a held close takes effect. */
	finish(key: string | null): void {
		this.#pending = false;
		const held = this.#held;
		this.#held = null;
		if (key === null) {
			if (held) this.#onClosed(held);
			return;
		}
		this.#provider.params = { ...this.#provider.params, key };
		// Whatever state the old socket is in (open, revoked, not yet told), start afresh; a late
		// 4403 on the old socket is ignored once it is detached.
		this.#provider.disconnect();
		this.#provider.connect();
	}
}
