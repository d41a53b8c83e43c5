/**
 * Per-connection rate limits (L1–L4 in docs/protocol.md), applied to every frame before it is
 * decoded and before it reaches the room's queue, so a flood costs the server a byte look-up
 * per frame and nobody else waits behind it.
 *
 * - Document messages (sync, save receipts, …) over the rate are delayed, in order, never
 *   dropped: a dropped update would leave the sender's later edits unappliable, and what the
 *   server received is stored (R7). While many wait, reading from the socket pauses; a
 *   connection whose backlog does not clear for seconds is a flood: it is closed and nothing
 *   more is read from it, while what it sent before is still handed on at the rate.
 * - Bytes over the rate are delayed too, and reading from the socket pauses while much is
 *   waiting (backpressure), so waiting frames cost little memory.
 * - Presence (awareness) over the rate, or too large, is dropped: it is a state that the next
 *   message replaces. A connection that keeps being dropped is closed.
 * When the sender closes its socket, what waits is still handed on at the rate, never all at
 * once: otherwise flooding, then disconnecting, would put the whole backlog in the room's queue.
 */
import { MessageType } from '../../src/lib/sync/protocol/constants.ts';
import { TokenBucket, type BucketRate, type Clock } from './token-bucket.ts';

export interface ConnectionLimits {
	/** L1: every frame but presence. */
	messages: BucketRate;
	/** L1: reading from the socket pauses while this many frames wait for the rate. */
	maxWaitingMessages: number;
	/** L1: a backlog that has not cleared for this long makes the connection a flood. */
	floodAfterMs: number;
	/** L2: bytes of every frame. */
	bytes: BucketRate;
	/** L2: reading from the socket pauses while more than this many bytes are waiting. */
	pauseAboveWaitingBytes: number;
	/** L3: presence frames. */
	awareness: BucketRate;
	/** L3: presence frames dropped (refilling at its rate) before the connection is closed. */
	awarenessDrops: BucketRate;
	/** L4: a presence frame larger than this is dropped. */
	maxAwarenessBytes: number;
}

/**
 * What a person's browser sends, at most, with room to spare (docs/protocol.md, "Limits"):
 * y-websocket sends one frame per Yjs transaction and the canvas writes at most one per
 * animation frame (60–144 Hz), so 150/s is above any honest stream and nobody waits in normal
 * use. The burst is small on purpose: it is what lands in the room's queue at once, i.e. what
 * everyone else may wait behind; a reconnect needs four frames. A backlog beyond it (a stalled
 * network delivering seconds of edits at once) is delayed, not refused: up to 1,000 frames wait
 * (about 7 s of the rate) before reading pauses, and only a backlog that has not cleared for
 * 10 s counts as a flood (2,000 frames sent at once all get through).
 * Bytes: 1 MiB/s with a 16 MiB burst, so a sync step 2 as large as a whole board (10 MB)
 * passes at once. Presence: the canvas publishes at most every 50 ms (20/s).
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
	messages: { perSecond: 150, capacity: 30 },
	maxWaitingMessages: 1000,
	floodAfterMs: 10_000,
	bytes: { perSecond: 1024 * 1024, capacity: 16 * 1024 * 1024 },
	pauseAboveWaitingBytes: 256 * 1024,
	awareness: { perSecond: 30, capacity: 60 },
	awarenessDrops: { perSecond: 30, capacity: 300 },
	maxAwarenessBytes: 64 * 1024
};

export interface GateHooks {
	/** Hands an admitted frame on, in arrival order (for presence: among presence frames). */
	deliver(frame: Uint8Array, isBinary: boolean): void;
	/** The connection exceeded a limit for good; close it. Called once: nothing more is taken in, what came before is still delivered. */
	flood(reason: string): void;
	/** Backpressure: stop and restart reading from the socket. */
	pause(): void;
	resume(): void;
	now: Clock;
	/** Runs `fn` after `ms`; returns a cancel function. */
	schedule(fn: () => void, ms: number): () => void;
}

interface Waiting {
	frame: Uint8Array;
	isBinary: boolean;
}

export class FrameGate {
	readonly #limits: ConnectionLimits;
	readonly #hooks: GateHooks;
	readonly #messages: TokenBucket;
	readonly #bytes: TokenBucket;
	readonly #awareness: TokenBucket;
	readonly #awarenessDrops: TokenBucket;
	readonly #waiting: Waiting[] = [];
	#waitingBytes = 0;
	#paused = false;
	#cancelDrain: (() => void) | null = null;
	/** Nothing more is taken in (flood): what waits is still handed on. */
	#closed = false;
	/** Nothing more is handed on (discarded, flushed). */
	#stopped = false;
	/** The server is restarting: everything goes on at once, whatever the rate (R7, D2). */
	#unlimited = false;
	/** When the current backlog began, or null while nothing waits. */
	#backlogSince: number | null = null;
	#drained: Array<() => void> = [];

	/**
	 * `burst: false` starts the message bucket empty: a reconnect after a flood gets only the
	 * sustained rate (L6). Only delays follow from that, never drops, so others behind the same
	 * address lose nothing; presence keeps its burst, since presence over the rate is dropped.
	 */
	constructor(limits: ConnectionLimits, hooks: GateHooks, { burst = true }: { burst?: boolean } = {}) {
		this.#limits = limits;
		this.#hooks = hooks;
		this.#messages = new TokenBucket(limits.messages, hooks.now, { full: burst });
		this.#bytes = new TokenBucket(limits.bytes, hooks.now);
		this.#awareness = new TokenBucket(limits.awareness, hooks.now);
		this.#awarenessDrops = new TokenBucket(limits.awarenessDrops, hooks.now);
	}

	/** Frames waiting for the rate. */
	get waiting(): number {
		return this.#waiting.length;
	}

	offer(frame: Uint8Array, isBinary: boolean): void {
		if (this.#unlimited) {
			this.#hooks.deliver(frame, isBinary);
			return;
		}
		if (this.#stopped || this.#closed) return;
		if (isBinary && frame[0] === MessageType.awareness) {
			this.#offerAwareness(frame);
			return;
		}
		if (this.#waiting.length === 0 && this.#admit(frame)) {
			this.#hooks.deliver(frame, isBinary);
			return;
		}
		const now = this.#hooks.now();
		this.#backlogSince ??= now;
		if (now - this.#backlogSince >= this.#limits.floodAfterMs) {
			this.#flood('too many messages for too long');
			return;
		}
		this.#waiting.push({ frame, isBinary });
		this.#waitingBytes += frame.byteLength;
		if (!this.#paused && (this.#waitingBytes > this.#limits.pauseAboveWaitingBytes || this.#waiting.length >= this.#limits.maxWaitingMessages)) {
			this.#paused = true;
			this.#hooks.pause();
		}
		this.#scheduleDrain();
	}

	/** Resolves once nothing waits any more (all handed on, or thrown away). */
	whenDrained(): Promise<void> {
		if (this.#waiting.length === 0 || this.#stopped) return Promise.resolve();
		return new Promise((resolve) => this.#drained.push(resolve));
	}

	/**
	 * The server is restarting: everything waiting, and whatever arrives until the socket
	 * closes, is handed on at once, whatever the rate, so it is stored before the rooms are (R7, D2).
	 */
	flush(): void {
		const waiting = this.#waiting.splice(0);
		this.#stop();
		this.#unlimited = true;
		if (this.#paused) this.#hooks.resume();
		for (const { frame, isBinary } of waiting) this.#hooks.deliver(frame, isBinary);
	}

	/** The connection broke a limit checked further on (L5): treated as a flood. */
	exceeded(reason: string): void {
		if (!this.#stopped) this.#flood(reason);
	}

	/** The server closed the connection for cause: what is still waiting is never decoded. */
	discard(): void {
		this.#waiting.length = 0;
		this.#stop();
	}

	#offerAwareness(frame: Uint8Array): void {
		const admitted = frame.byteLength <= this.#limits.maxAwarenessBytes && this.#awareness.msUntil() === 0 && this.#bytes.msUntil(frame.byteLength) === 0;
		if (admitted) {
			this.#awareness.take();
			this.#bytes.take(frame.byteLength);
			this.#hooks.deliver(frame, true);
		} else if (!this.#awarenessDrops.take()) {
			this.#flood('too many presence updates');
		}
	}

	/** Both buckets or neither, so a frame refused for bytes does not spend a message token. */
	#admit(frame: Uint8Array): boolean {
		if (this.#messages.msUntil() > 0 || this.#bytes.msUntil(frame.byteLength) > 0) return false;
		this.#messages.take();
		this.#bytes.take(frame.byteLength);
		return true;
	}

	#scheduleDrain(): void {
		if (this.#cancelDrain || this.#stopped || this.#waiting.length === 0) return;
		const head = this.#waiting[0].frame;
		const wait = Math.max(1, this.#messages.msUntil(), this.#bytes.msUntil(head.byteLength));
		this.#cancelDrain = this.#hooks.schedule(() => {
			this.#cancelDrain = null;
			this.#drain();
		}, wait);
	}

	#drain(): void {
		while (!this.#stopped && this.#waiting.length > 0 && this.#admit(this.#waiting[0].frame)) {
			const { frame, isBinary } = this.#waiting.shift()!;
			this.#waitingBytes -= frame.byteLength;
			this.#hooks.deliver(frame, isBinary);
		}
		if (this.#stopped) return;
		if (this.#waiting.length === 0) {
			this.#backlogSince = null;
			this.#resolveDrained();
		} else if (this.#backlogSince !== null && this.#hooks.now() - this.#backlogSince >= this.#limits.floodAfterMs) {
			// Also while reading is paused, when no new frame arrives to notice it.
			this.#flood('too many messages for too long');
		}
		if (this.#paused && !this.#closed && this.#waitingBytes <= this.#limits.pauseAboveWaitingBytes && this.#waiting.length < this.#limits.maxWaitingMessages) {
			this.#paused = false;
			this.#hooks.resume();
		}
		this.#scheduleDrain();
	}

	/** Takes nothing more in; what the connection sent before still goes on at the rate (R7). */
	#flood(reason: string): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#hooks.flood(reason);
	}

	#stop(): void {
		this.#stopped = true;
		this.#waitingBytes = 0;
		this.#cancelDrain?.();
		this.#cancelDrain = null;
		this.#resolveDrained();
	}

	#resolveDrained(): void {
		for (const resolve of this.#drained.splice(0)) resolve();
	}
}
