import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BoardStore, StorageKind } from './store.ts';
import { FileStore } from './file.ts';
import { MemoryStore } from './memory.ts';
import { RedisStore } from './redis.ts';
import type { StoreLogger } from './redis.ts';

export type { BoardMeta, BoardStore, Role, StorageKind } from './store.ts';
export { BoardExistsError, CorruptDocumentError } from './store.ts';
export type { StoreLogger } from './redis.ts';
export type { CompactionResult } from './compact.ts';
export { compactDocument } from './compact.ts';
export { FileStore } from './file.ts';
export { MemoryStore } from './memory.ts';
export { RedisStore } from './redis.ts';

export interface OpenStoreOptions {
	kind: StorageKind;
	/** Required for 'file'. */
	dataDir?: string;
	/** Required for 'redis'. */
	redisUrl?: string;
	keyPrefix?: string;
	logger?: StoreLogger;
}

/** Opens the configured backend; rejects (rather than limping on) when it is unusable. */
export async function openStore(options: OpenStoreOptions): Promise<BoardStore> {
	switch (options.kind) {
		case 'memory':
			return new MemoryStore();
		case 'file': {
			if (!options.dataDir) throw new Error('file storage needs a data directory');
			// Created up front so a bad path or permissions fail at startup, not on the first edit.
			await mkdir(join(options.dataDir, 'boards'), { recursive: true });
			return new FileStore({ dataDir: options.dataDir });
		}
		case 'redis': {
			if (!options.redisUrl) throw new Error('redis storage needs a Redis URL');
			return RedisStore.connect({ url: options.redisUrl, keyPrefix: options.keyPrefix, logger: options.logger });
		}
		default:
			throw new Error(`unknown storage kind ${JSON.stringify(options.kind satisfies never)}`);
	}
}
