import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from './file.ts';
import { MemoryStore } from './memory.ts';
import { RedisStore } from './redis.ts';
import type { BoardStore } from './store.ts';
import { describeBoardStoreContract } from './store.contract.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describeBoardStoreContract('MemoryStore', async () => new MemoryStore());

const fileStoreDirs = new WeakMap<BoardStore, string>();
describeBoardStoreContract(
	'FileStore',
	async () => {
		const dataDir = await mkdtemp(join(tmpdir(), 'debrief-store-'));
		const store = new FileStore({ dataDir });
		fileStoreDirs.set(store, dataDir);
		return store;
	},
	async (store) => {
		const dataDir = fileStoreDirs.get(store);
		if (dataDir) await rm(dataDir, { recursive: true, force: true });
	}
);

describeBoardStoreContract(
	'RedisStore',
	async () => RedisStore.connect({ url: redisUrl, keyPrefix: `debrief-test:${randomUUID()}:` }),
	async (store) => (store as RedisStore).deleteAllWithPrefix()
);
