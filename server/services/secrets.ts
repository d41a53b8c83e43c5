/**
 * Capability secrets. Each link carries 128 random bits; the server keeps only SHA-256
 * hashes (a fast hash is enough for random secrets of this size) and compares in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '../../src/lib/sync/protocol/constants.ts';
import type { BoardMeta } from '../persistence/store.ts';

/** 16 random bytes, base64url: 22 characters, 128 bits. Used for board ids and secrets. */
export function randomToken(bytes = 16): string {
	return randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The role a secret grants on a board, or null when it matches none of its links. */
export function roleForSecret(meta: BoardMeta, secret: string | null | undefined): Role | null {
	if (!secret) return null;
	const candidate = Buffer.from(hashSecret(secret), 'hex');
	let granted: Role | null = null;
	// Check every role so timing does not reveal which link a guess came close to.
	for (const role of ROLES) {
		const stored = Buffer.from(meta.secretHashes[role] ?? '', 'hex');
		if (stored.length === candidate.length && timingSafeEqual(stored, candidate)) granted = role;
	}
	return granted;
}

/** Reads `Authorization: Bearer <secret>`. */
export function bearerSecret(header: string | undefined): string | null {
	const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
	return match ? match[1] : null;
}
