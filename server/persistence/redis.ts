import { createClient, RESP_TYPES, WatchError } from 'redis';
import type { RedisClientType } from 'redis';
import type { BoardMeta, BoardStore, QuarantinedEntry } from './store.ts';
import { BoardExistsError, quarantinedFromJson, quarantinedToJson } from './store.ts';
import { assertValidBoardId, assertValidCount, assertValidDocName } from './ids.ts';
import { KeyedQueue } from './keyed-queue.ts';

export interface StoreLogger {
	warn(msg: string, extra?: object): void;
}

export interface RedisStoreOptions {
	url: string;
	/** Prepended to every key, so several deployments (or test runs) can share a server. */
	keyPrefix?: string;
	logger?: StoreLogger;
	/** Shown in CLIENT LIST (suffixed per connection), to tell our connections apart. */
	clientName?: string;
}

type RedisClient = RedisClientType;
type BinaryClient = ReturnType<typeof binaryView>;

/** How long startup may wait for Redis before giving up with a clear error. */
const STARTUP_BUDGET_MS = 3000;
const STARTUP_RETRY_MS = 250;
const CONNECT_TIMEOUT_MS = 1000;
const MAX_BACKOFF_MS = 5000;
const PING_TIMEOUT_MS = 2000;

/**
 * Stores boards in Redis:
 *
 *   <prefix>board:<id>:meta             JSON string
 *   <prefix>board:<id>:doc:<docName>    list of updates, oldest first
 *
 * Two connections: one for ordinary commands (pipelined, so appends land in call
 * order) and one reserved for WATCH/MULTI/EXEC. WATCH state belongs to a connection, so
 * on the shared one any other command's EXEC (or a second compaction) would clear or
 * widen it; compactions on the reserved connection are serialised for the same reason.
 */
export class RedisStore implements BoardStore {
	readonly kind = 'redis' as const;
	readonly #client: RedisClient;
	readonly #binary: BinaryClient;
	readonly #watchClient: RedisClient;
	readonly #watchQueue = new KeyedQueue();
	readonly #prefix: string;

	/** Use RedisStore.connect. */
	private constructor(client: RedisClient, watchClient: RedisClient, keyPrefix: string) {
		this.#client = client;
		this.#binary = binaryView(client);
		this.#watchClient = watchClient;
		this.#prefix = keyPrefix;
	}

	/**
	 * Connects both connections. Rejects within about STARTUP_BUDGET_MS when Redis does
	 * not answer, naming the URL; once started, a lost connection is retried forever with
	 * backoff while commands fail fast.
	 */
	static async connect(options: RedisStoreOptions): Promise<RedisStore> {
		const { url, keyPrefix = 'debrief:', logger, clientName = 'debrief' } = options;
		const client = await connectClient(url, `${clientName}-main`, logger);
		let watchClient: RedisClient;
		try {
			watchClient = await connectClient(url, `${clientName}-watch`, logger);
		} catch (error) {
			await shutDown(client);
			throw error;
		}
		return new RedisStore(client, watchClient, keyPrefix);
	}

	async createBoard(meta: BoardMeta): Promise<void> {
		const reply = await this.#client.set(this.#metaKey(meta.id), JSON.stringify(meta), { condition: 'NX' });
		if (reply === null) throw new BoardExistsError(meta.id);
	}

	async getBoard(id: string): Promise<BoardMeta | null> {
		const json = await this.#client.get(this.#metaKey(id));
		return json === null ? null : (JSON.parse(json) as BoardMeta);
	}

	async updateBoard(meta: BoardMeta): Promise<void> {
		const reply = await this.#client.set(this.#metaKey(meta.id), JSON.stringify(meta), { condition: 'XX' });
		if (reply === null) throw new Error(`no board with id ${meta.id}`);
	}

	async appendUpdate(boardId: string, docName: string, update: Uint8Array): Promise<number> {
		// Copied now: the command is written on a later tick, after the caller may reuse its buffer.
		return this.#client.rPush(this.#docKey(boardId, docName), Buffer.from(update));
	}

	async loadUpdates(boardId: string, docName: string): Promise<Uint8Array[]> {
		const entries = await this.#binary.lRange(this.#docKey(boardId, docName), 0, -1);
		return entries.map((entry) => new Uint8Array(entry));
	}

	async replacePrefix(boardId: string, docName: string, count: number, snapshot: Uint8Array): Promise<boolean> {
		const key = this.#docKey(boardId, docName);
		assertValidCount(count);
		const value = Buffer.from(snapshot);
		return this.#watchQueue.run('watch', async () => {
			const client = this.#watchClient;
			await client.watch(key);
			try {
				if ((await client.lLen(key)) < count) {
					await client.unwatch();
					return false;
				}
				// MULTI skips the offline check that plain commands get: if the connection
				// dropped after LLEN, it would be queued and run unwatched after reconnecting.
				if (!client.isReady) throw new Error('Redis connection lost during compaction');
				await client.multi().lTrim(key, count, -1).lPush(key, value).exec();
				return true;
			} catch (error) {
				if (error instanceof WatchError) return false;
				await client.unwatch().catch(() => {});
				throw error;
			}
		});
	}

	async putBlob(boardId: string, name: string, data: Uint8Array): Promise<void> {
		await this.#client.set(this.#blobKey(boardId, name), Buffer.from(data));
	}

	async getBlob(boardId: string, name: string): Promise<Uint8Array | null> {
		const value = await this.#binary.get(this.#blobKey(boardId, name));
		return value ? new Uint8Array(value) : null;
	}

	async deleteBlob(boardId: string, name: string): Promise<void> {
		await this.#client.del(this.#blobKey(boardId, name));
	}

	async quarantine(entry: QuarantinedEntry): Promise<void> {
		this.#docKey(entry.boardId, entry.docName);
		await this.#client.rPush(`${this.#prefix}quarantine`, quarantinedToJson(entry));
	}

	async listQuarantined(): Promise<QuarantinedEntry[]> {
		const entries = await this.#client.lRange(`${this.#prefix}quarantine`, 0, -1);
		return entries.map(quarantinedFromJson);
	}

	onReconnect(listener: () => void): void {
		let lost = false;
		this.#client.on('error', () => (lost = true));
		this.#client.on('ready', () => {
			if (!lost) return;
			lost = false;
			listener();
		});
	}

	async isHealthy(): Promise<boolean> {
		try {
			const reply = await withTimeout(this.#client.ping(), PING_TIMEOUT_MS, 'PING timed out');
			return reply === 'PONG';
		} catch {
			return false;
		}
	}

	async close(): Promise<void> {
		await this.#watchQueue.idle();
		await Promise.all([shutDown(this.#client), shutDown(this.#watchClient)]);
	}

	/** Deletes every key under this store's prefix. For tests cleaning up after themselves. */
	async deleteAllWithPrefix(): Promise<void> {
		if (this.#prefix === '') throw new Error('refusing to delete every key: the store has no key prefix');
		const match = `${escapeGlob(this.#prefix)}*`;
		for await (const keys of this.#client.scanIterator({ MATCH: match, COUNT: 500 })) {
			if (keys.length > 0) await this.#client.del(keys);
		}
	}

	#metaKey(id: string): string {
		assertValidBoardId(id);
		return `${this.#prefix}board:${id}:meta`;
	}

	#blobKey(boardId: string, name: string): string {
		assertValidBoardId(boardId);
		assertValidDocName(name);
		return `${this.#prefix}board:${boardId}:blob:${name}`;
	}

	#docKey(boardId: string, docName: string): string {
		assertValidBoardId(boardId);
		assertValidDocName(docName);
		return `${this.#prefix}board:${boardId}:doc:${docName}`;
	}
}

async function connectClient(url: string, name: string, logger: StoreLogger | undefined): Promise<RedisClient> {
	const startedAt = Date.now();
	let ready = false;
	let abandoned = false;
	const client: RedisClient = createClient({
		url,
		name,
		// Commands issued while disconnected fail at once instead of piling up unbounded.
		disableOfflineQueue: true,
		socket: {
			connectTimeout: CONNECT_TIMEOUT_MS,
			reconnectStrategy: (retries, cause) => {
				if (!ready) {
					// Returning an Error stops retrying and makes connect() reject.
					if (abandoned || Date.now() - startedAt + STARTUP_RETRY_MS >= STARTUP_BUDGET_MS) return cause;
					return STARTUP_RETRY_MS;
				}
				return Math.min(50 * 2 ** retries, MAX_BACKOFF_MS) + Math.floor(Math.random() * 100);
			}
		}
	});
	// Without an 'error' listener a dropped connection would crash the process.
	client.on('error', (error: Error) => {
		if (ready) logger?.warn('redis connection error', { url: redactUrl(url), connection: name, error: error.message });
	});
	client.on('ready', () => {
		ready = true;
	});

	const connecting = client.connect();
	try {
		// The timeout also covers a server that accepts TCP but never answers the handshake.
		await withTimeout(connecting, STARTUP_BUDGET_MS, `no answer within ${STARTUP_BUDGET_MS} ms`);
		return client;
	} catch (error) {
		abandoned = true;
		connecting.catch(() => {});
		client.destroy();
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(`Redis at ${redactUrl(url)} is unreachable: ${reason}`, { cause: error });
	}
}

async function shutDown(client: RedisClient): Promise<void> {
	if (!client.isOpen) return;
	if (client.isReady) {
		try {
			await client.close();
			return;
		} catch {
			// Fall through: the connection died while closing.
		}
	}
	client.destroy();
}

function binaryView(client: RedisClient) {
	return client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(message)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The URL for messages and logs, without its password. */
function redactUrl(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '***';
		return parsed.toString();
	} catch {
		return url;
	}
}

function escapeGlob(text: string): string {
	return text.replace(/[*?[\]\\]/g, '\\$&');
}
