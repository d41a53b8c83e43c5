import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { RedisStore } from './redis.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisStore connection handling', () => {
	it('rejects quickly, naming the URL, when nothing listens', async () => {
		const started = Date.now();
		const error = await RedisStore.connect({ url: 'redis://127.0.0.1:6390' }).then(
			() => null,
			(e: unknown) => e
		);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:6390 is unreachable: /);
	});

	it('keeps the password out of the error message', async () => {
		const error = await RedisStore.connect({ url: 'redis://:hunter2@127.0.0.1:6390' }).then(
			() => null,
			(e: unknown) => e
		);
		expect((error as Error).message).toContain('127.0.0.1:6390');
		expect((error as Error).message).not.toContain('hunter2');
	});

	it('gives up a replacement when an append lands between WATCH and EXEC', async () => {
		const store = await RedisStore.connect({ url: redisUrl, keyPrefix: `debrief-test:${randomUUID()}:` });
		try {
			const outcomes: boolean[] = [];
			for (let round = 0; round < 10; round++) {
				const doc = `race-${round}`;
				for (const n of [1, 2, 3]) await store.appendUpdate('b1', doc, Uint8Array.from([n]));
				const replacing = store.replacePrefix('b1', doc, 3, Uint8Array.from([9]));
				// Lets WATCH go out first; the append then reaches Redis before LLEN/EXEC.
				await new Promise<void>((r) => setImmediate(r));
				await store.appendUpdate('b1', doc, Uint8Array.from([4]));
				const replaced = await replacing;
				outcomes.push(replaced);
				const log = (await store.loadUpdates('b1', doc)).map((e) => Array.from(e));
				expect(log).toEqual(replaced ? [[9], [4]] : [[1], [2], [3], [4]]);
			}
			expect(outcomes).toContain(false);
		} finally {
			await store.deleteAllWithPrefix();
			await store.close();
		}
	});

	it('logs and recovers when its connections are killed', async () => {
		const clientName = `debrief-test-${randomUUID()}`;
		const warnings: string[] = [];
		const store = await RedisStore.connect({
			url: redisUrl,
			keyPrefix: `debrief-test:${randomUUID()}:`,
			clientName,
			logger: { warn: (msg) => warnings.push(msg) }
		});
		const admin = await createClient({ url: redisUrl })
			.on('error', () => {})
			.connect();
		try {
			await store.appendUpdate('b1', 'board', Uint8Array.from([1]));
			const ours = (await admin.clientList()).filter((c) => c.name.startsWith(clientName));
			expect(ours).toHaveLength(2);
			for (const connection of ours) await admin.clientKill({ filter: 'ID', id: connection.id });

			await expect.poll(() => store.isHealthy(), { timeout: 5000 }).toBe(true);
			expect(warnings).toContain('redis connection error');
			await store.appendUpdate('b1', 'board', Uint8Array.from([2]));
			await expect.poll(() => store.replacePrefix('b1', 'board', 2, Uint8Array.from([9])), { timeout: 5000 }).toBe(true);
			expect((await store.loadUpdates('b1', 'board')).map((e) => Array.from(e))).toEqual([[9]]);
		} finally {
			await store.deleteAllWithPrefix();
			await store.close();
			await admin.close();
		}
	});
});
