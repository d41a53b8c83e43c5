import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { title } from '../../src/lib/board/schema.ts';
import { readHeader } from '../../src/lib/board/header.ts';
import { BoardService, DEFAULT_TITLE, normaliseTitle } from './boards.ts';
import { InvalidInputError } from '../../src/lib/board/errors.ts';
import { MemoryStore } from '../persistence/memory.ts';
import { hashSecret } from './secrets.ts';

const secretOf = (link: string) => link.split('#k=')[1];

describe('BoardService', () => {
	it('creates a board with three distinct 128-bit secrets and stores only their hashes', async () => {
		const store = new MemoryStore();
		const boards = new BoardService(store);
		const created = await boards.create({ title: 'DNS outage' });
		const secrets = Object.values(created.links).map(secretOf);
		expect(new Set(secrets).size).toBe(3);
		for (const secret of secrets) expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(16);
		const meta = await store.getBoard(created.id);
		const stored = JSON.stringify(meta);
		for (const secret of secrets) expect(stored).not.toContain(secret);
		expect(meta!.secretHashes.participant).toBe(hashSecret(secretOf(created.links.participant)));
	});

	it('grants the role of the link used, and nothing for a wrong or missing key', async () => {
		const boards = new BoardService(new MemoryStore());
		const created = await boards.create({ title: 'x' });
		expect(await boards.authorize(created.id, secretOf(created.links.facilitator))).toBe('facilitator');
		expect(await boards.authorize(created.id, secretOf(created.links.participant))).toBe('participant');
		expect(await boards.authorize(created.id, secretOf(created.links.observer))).toBe('observer');
		expect(await boards.authorize(created.id, 'AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
		expect(await boards.authorize(created.id, null)).toBeNull();
		expect(await boards.authorize('NoSuchBoard0000', 'x')).toBeUndefined();
		expect(await boards.authorize('../../etc', 'x')).toBeUndefined();
	});

	it('stores the initial document with the title', async () => {
		const store = new MemoryStore();
		const created = await new BoardService(store).create({ title: '  Queue backlog  ', timeZone: 'Europe/Berlin' });
		const doc = new Y.Doc();
		for (const update of await store.loadUpdates(created.id, 'board')) Y.applyUpdate(doc, update);
		expect(title(doc).toString()).toBe('Queue backlog');
		expect(readHeader(doc).timeZone).toBe('Europe/Berlin');
	});

	it('refuses an unknown time zone', async () => {
		await expect(new BoardService(new MemoryStore()).create({ timeZone: 'Mars/Olympus' })).rejects.toThrow(InvalidInputError);
	});
});

describe('normaliseTitle', () => {
	it('defaults blank titles, strips control characters and refuses bad input', () => {
		expect(normaliseTitle(undefined)).toBe(DEFAULT_TITLE);
		expect(normaliseTitle('   ')).toBe(DEFAULT_TITLE);
		expect(normaliseTitle('a\u0000b\nc')).toBe('a b c');
		expect(() => normaliseTitle(42)).toThrow(InvalidInputError);
		expect(() => normaliseTitle('x'.repeat(201))).toThrow(InvalidInputError);
	});
});
