/**
 * `npm run quarantine`: lists the stored updates that could not be applied and were taken
 * out of their board's log (Q1 in docs/protocol.md). Reads the same environment as the
 * server (STORAGE, DATA_DIR, REDIS_URL). `--bytes` adds each update in base64, for a bug report.
 */
import { ConfigError, parseConfig } from './config.ts';
import { describeError } from './log.ts';
import { openStore } from './persistence/index.ts';

async function main(): Promise<void> {
	const withBytes = process.argv.includes('--bytes');
	let config;
	try {
		config = parseConfig(process.env);
	} catch (error) {
		console.error(error instanceof ConfigError ? error.message : describeError(error));
		process.exit(2);
	}
	const store = await openStore({ kind: config.storage, dataDir: config.dataDir, redisUrl: config.redisUrl ?? undefined }).catch((error: unknown) => {
		console.error(`cannot open storage: ${describeError(error)}`);
		process.exit(3);
	});
	try {
		const entries = await store.listQuarantined();
		if (entries.length === 0) console.log('No quarantined updates.');
		for (const entry of entries) {
			const line = { at: entry.at, board: entry.boardId, doc: entry.docName, bytes: entry.update.byteLength, reason: entry.reason };
			console.log(JSON.stringify(withBytes ? { ...line, update: Buffer.from(entry.update).toString('base64') } : line));
		}
	} finally {
		await store.close();
	}
}

await main();
