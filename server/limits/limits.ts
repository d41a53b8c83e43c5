/**
 * Every limit one server keeps across connections (docs/protocol.md, "Limits"): who a request
 * comes from, open connections per board and per address, wrong keys per address, and which
 * addresses were recently closed for flooding. Per-connection rates live in FrameGate.
 */
import type { Logger } from '../log.ts';
import { clientAddress, limitKey, type RequestLike } from './client-address.ts';
import { ConnectionCaps, type CapDecision } from './connection-caps.ts';
import { ExpiringMap } from './expiring-map.ts';
import { DEFAULT_CONNECTION_LIMITS, FrameGate, type ConnectionLimits, type GateHooks } from './frame-gate.ts';
import { DEFAULT_GUESS_POLICY, KeyGuessLimiter, type GuessPolicy } from './key-guessing.ts';
import type { Clock } from './token-bucket.ts';

export interface LimitSettings {
	/** L7: open websockets per board document. */
	maxConnectionsPerBoard: number;
	/**
	 * L8: open websockets per client address. Generous: everyone in an office behind one NAT
	 * shares an address, and each open board page holds two.
	 */
	maxConnectionsPerIp: number;
	/** L10: proxies in front of the server whose X-Forwarded-For entries are believed. */
	trustProxy: number;
	connection: ConnectionLimits;
	guesses: GuessPolicy;
}

export const DEFAULT_LIMITS: LimitSettings = {
	maxConnectionsPerBoard: 100,
	maxConnectionsPerIp: 200,
	trustProxy: 0,
	connection: DEFAULT_CONNECTION_LIMITS,
	guesses: DEFAULT_GUESS_POLICY
};

/** Settings to change, e.g. in tests and benchmarks; everything else keeps its default. */
export type LimitOverrides = Partial<Pick<LimitSettings, 'maxConnectionsPerBoard' | 'maxConnectionsPerIp' | 'trustProxy'>> & {
	connection?: Partial<ConnectionLimits>;
	guesses?: Partial<GuessPolicy>;
};

/** L6: how long a board remembers that an address flooded it. */
export const FLOOD_MEMORY_MS = 60_000;
const MAX_FLOODERS_REMEMBERED = 10_000;

/** What a connection supplies to its gate; the rest (clock, timers, flood memory) is ours. */
export type GateIo = Pick<GateHooks, 'deliver' | 'flood' | 'pause' | 'resume'>;

export class Limits {
	readonly #settings: LimitSettings;
	readonly #log: Logger;
	readonly #now: Clock;
	readonly #caps: ConnectionCaps;
	readonly #guesses: KeyGuessLimiter;
	readonly #flooded: ExpiringMap<true>;
	#warnedAboutProxy = false;

	constructor(overrides: LimitOverrides, log: Logger, now: Clock = () => performance.now()) {
		this.#settings = {
			...DEFAULT_LIMITS,
			...overrides,
			connection: { ...DEFAULT_LIMITS.connection, ...overrides.connection },
			guesses: { ...DEFAULT_LIMITS.guesses, ...overrides.guesses }
		};
		this.#log = log;
		this.#now = now;
		this.#caps = new ConnectionCaps({ perRoom: this.#settings.maxConnectionsPerBoard, perAddress: this.#settings.maxConnectionsPerIp });
		this.#guesses = new KeyGuessLimiter(now, this.#settings.guesses);
		this.#flooded = new ExpiringMap(MAX_FLOODERS_REMEMBERED, now);
	}

	/** L10: the client's address, from the socket unless proxies are trusted. */
	addressOf(req: RequestLike): string {
		if (this.#settings.trustProxy === 0 && req.headers['x-forwarded-for'] && !this.#warnedAboutProxy) {
			this.#warnedAboutProxy = true;
			this.#log.warn('requests carry X-Forwarded-For but TRUST_PROXY is not set: per-address limits count the proxy as one client', {
				peer: req.socket.remoteAddress
			});
		}
		return clientAddress(req, this.#settings.trustProxy);
	}

	/** L9: whole seconds an address must wait before presenting keys again; 0 when it may now. */
	guessingRetryAfter(address: string): number {
		return Math.ceil(this.#guesses.retryAfterMs(limitKey(address)) / 1000);
	}

	/** L9: a key-bearing request from `address` named an unknown board or a wrong key. */
	keyFailed(address: string, board: string, key: string | null): void {
		this.#guesses.fail(limitKey(address), board, key);
	}

	/** L7, L8: counts an open connection to a board document (`room`), or refuses it. */
	openConnection(address: string, room: string): CapDecision {
		return this.#caps.open(limitKey(address), room);
	}

	/** L1–L4 for one connection; L6: no burst for an address that flooded this room recently. */
	openGate(address: string, room: string, io: GateIo): FrameGate {
		const key = `${limitKey(address)} ${room}`;
		return new FrameGate(
			this.#settings.connection,
			{
				...io,
				flood: (reason) => {
					this.#flooded.set(key, true, FLOOD_MEMORY_MS);
					io.flood(reason);
				},
				now: this.#now,
				schedule: (fn, ms) => {
					const timer = setTimeout(fn, ms);
					timer.unref();
					return () => clearTimeout(timer);
				}
			},
			{ burst: !this.#flooded.get(key) }
		);
	}
}
