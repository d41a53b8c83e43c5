import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('parseConfig', () => {
	it('has embedded-storage defaults', () => {
		const config = parseConfig({}, '/srv/debrief');
		expect(config).toMatchObject({ port: 3000, storage: 'file', dataDir: '/srv/debrief/data', redisUrl: null, maxMessageBytes: 1048576, allowedOrigins: null });
	});
	it('switches to Redis when REDIS_URL is set', () => {
		expect(parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).storage).toBe('redis');
	});
	it('reads origins and limits', () => {
		const config = parseConfig({ ORIGIN: 'https://pm.example.com/', ALLOWED_ORIGINS: 'https://a.example.com, http://localhost:5173', MAX_MESSAGE_BYTES: '2048', PORT: '0' });
		expect(config.publicOrigin).toBe('https://pm.example.com');
		expect(config.allowedOrigins).toEqual(['https://a.example.com', 'http://localhost:5173']);
		expect(config.maxMessageBytes).toBe(2048);
		expect(config.port).toBe(0);
	});
	it('reads the connection caps and the trusted proxies (L7, L8, L10)', () => {
		expect(parseConfig({})).toMatchObject({ maxConnectionsPerBoard: 100, maxConnectionsPerIp: 200, trustProxy: 0 });
		expect(parseConfig({ MAX_CONNECTIONS_PER_BOARD: '20', MAX_CONNECTIONS_PER_IP: '500', TRUST_PROXY: '1' })).toMatchObject({
			maxConnectionsPerBoard: 20,
			maxConnectionsPerIp: 500,
			trustProxy: 1
		});
		for (const [name, value] of [['MAX_CONNECTIONS_PER_BOARD', '0'], ['MAX_CONNECTIONS_PER_IP', 'many'], ['TRUST_PROXY', 'true'], ['TRUST_PROXY', '11']]) {
			expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(name));
		}
	});
	it('lists every bad value in one error', () => {
		try {
			parseConfig({ PORT: 'eighty', STORAGE: 'tape', REDIS_URL: 'localhost:6379', ORIGIN: 'example.com', LOG_LEVEL: 'loud' });
			expect.unreachable();
		} catch (error) {
			expect(error).toBeInstanceOf(ConfigError);
			const problems = (error as ConfigError).problems.join('\n');
			for (const name of ['PORT', 'STORAGE', 'REDIS_URL', 'ORIGIN', 'LOG_LEVEL']) expect(problems).toContain(name);
		}
	});
	it('refuses STORAGE=redis without a URL', () => {
		expect(() => parseConfig({ STORAGE: 'redis' })).toThrow(/REDIS_URL/);
	});
	it('reads the tldraw licence key, and refuses something that is not one', () => {
		expect(parseConfig({}).tldrawLicenseKey).toBeNull();
		expect(parseConfig({ TLDRAW_LICENSE_KEY: ' tldraw-abc/def.ghi ' }).tldrawLicenseKey).toBe('tldraw-abc/def.ghi');
		expect(() => parseConfig({ TLDRAW_LICENSE_KEY: 'my key' })).toThrow(/TLDRAW_LICENSE_KEY/);
	});
});
