/**
 * Configuration from the environment, validated once at start-up. Every setting is listed
 * in the README's configuration table; a bad value stops the server with a clear message.
 */
import path from 'node:path';
import { LOG_LEVELS, type LogLevel } from './log.ts';
import { DEFAULT_LIMITS } from './limits/limits.ts';
import type { StorageKind } from './persistence/store.ts';

export interface Config {
	port: number;
	host: string;
	storage: StorageKind;
	dataDir: string;
	redisUrl: string | null;
	/** Public origin used in generated links (e.g. https://debrief.example.com); null: from the request. */
	publicOrigin: string | null;
	/** Origins allowed to open websockets; null means same origin only. */
	allowedOrigins: string[] | null;
	maxMessageBytes: number;
	compactEvery: number;
	/** Longest a storage call may take before it counts as failed (D1). */
	storageTimeoutMs: number;
	/** Open websockets per board document (L7). */
	maxConnectionsPerBoard: number;
	/** Open websockets per client address (L8). */
	maxConnectionsPerIp: number;
	/** Proxies in front of the server whose X-Forwarded-For is believed; 0: none (L10). */
	trustProxy: number;
	logLevel: LogLevel;
	/** tldraw's licence key, handed to the canvas in the page (public by design); null: none. */
	tldrawLicenseKey: string | null;
}

export class ConfigError extends Error {
	readonly problems: string[];
	constructor(problems: string[]) {
		super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
		this.problems = problems;
	}
}

type Env = Record<string, string | undefined>;

export function parseConfig(env: Env, cwd = process.cwd()): Config {
	const problems: string[] = [];
	const read = (name: string) => {
		const value = env[name]?.trim();
		return value ? value : undefined;
	};
	const integer = (name: string, fallback: number, min: number, max: number): number => {
		const raw = read(name);
		if (raw === undefined) return fallback;
		const value = Number(raw);
		if (!/^\d+$/.test(raw) || value < min || value > max) {
			problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
			return fallback;
		}
		return value;
	};
	const origin = (name: string, raw: string): string | null => {
		try {
			const url = new URL(raw);
			if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === raw.replace(/\/$/, '')) return url.origin;
		} catch {
			// reported below
		}
		problems.push(`${name} must be an origin such as https://debrief.example.com, got "${raw}"`);
		return null;
	};

	const redisUrl = read('REDIS_URL') ?? null;
	if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);

	const storageRaw = read('STORAGE') ?? (redisUrl ? 'redis' : 'file');
	let storage: StorageKind = 'file';
	if (storageRaw === 'file' || storageRaw === 'redis' || storageRaw === 'memory') storage = storageRaw;
	else problems.push(`STORAGE must be file, redis or memory, got "${storageRaw}"`);
	if (storage === 'redis' && !redisUrl) problems.push('STORAGE=redis needs REDIS_URL');

	const logLevelRaw = read('LOG_LEVEL') ?? 'info';
	const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as LogLevel) : 'info';
	if (logLevel !== logLevelRaw) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevelRaw}"`);

	const tldrawLicenseKey = read('TLDRAW_LICENSE_KEY') ?? null;
	if (tldrawLicenseKey && !/^tldraw-[\x21-\x7e]+$/.test(tldrawLicenseKey)) problems.push('TLDRAW_LICENSE_KEY must be a tldraw licence key (it starts with "tldraw-")');

	const publicOriginRaw = read('ORIGIN');
	const allowedRaw = read('ALLOWED_ORIGINS');

	const config: Config = {
		port: integer('PORT', 3000, 0, 65535),
		host: read('HOST') ?? '0.0.0.0',
		storage,
		dataDir: path.resolve(cwd, read('DATA_DIR') ?? 'data'),
		redisUrl,
		publicOrigin: publicOriginRaw ? origin('ORIGIN', publicOriginRaw) : null,
		allowedOrigins: allowedRaw
			? allowedRaw
					.split(',')
					.map((item) => item.trim())
					.filter(Boolean)
					.map((item) => origin('ALLOWED_ORIGINS', item) ?? '')
			: null,
		maxMessageBytes: integer('MAX_MESSAGE_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
		compactEvery: integer('COMPACT_EVERY', 200, 2, 1_000_000),
		storageTimeoutMs: integer('STORAGE_TIMEOUT_MS', 3000, 50, 120_000),
		maxConnectionsPerBoard: integer('MAX_CONNECTIONS_PER_BOARD', DEFAULT_LIMITS.maxConnectionsPerBoard, 1, 100_000),
		maxConnectionsPerIp: integer('MAX_CONNECTIONS_PER_IP', DEFAULT_LIMITS.maxConnectionsPerIp, 1, 100_000),
		trustProxy: integer('TRUST_PROXY', DEFAULT_LIMITS.trustProxy, 0, 10),
		logLevel,
		tldrawLicenseKey
	};
	if (problems.length > 0) throw new ConfigError(problems);
	return config;
}
