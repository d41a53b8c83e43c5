/**
 * Helpers shared by the record types (timeline entries, why chains, factors, actions, list
 * items): creating a record whole in one transaction, and reading untrusted fields safely.
 */
import * as Y from 'yjs';
import { newRecordId } from './schema.ts';

/** A record's initial values: strings become Y.Text when listed in `texts`. */
export function createRecord(values: Record<string, unknown>, texts: Record<string, string> = {}): { id: string; record: Y.Map<unknown> } {
	const id = newRecordId();
	const record = new Y.Map<unknown>();
	record.set('id', id);
	record.set('createdAt', new Date().toISOString());
	for (const [key, value] of Object.entries(values)) record.set(key, value);
	for (const [key, value] of Object.entries(texts)) record.set(key, new Y.Text(value));
	return { id, record };
}

export function readString(record: Y.Map<unknown>, key: string, fallback = ''): string {
	const value = record.get(key);
	return typeof value === 'string' ? value : fallback;
}

export function readText(record: Y.Map<unknown>, key: string): string {
	const value = record.get(key);
	return value instanceof Y.Text ? value.toString() : '';
}

/** The shared text of a record's field, for character-level co-editing. */
export function recordText(record: Y.Map<unknown> | undefined, key: string): Y.Text | null {
	const value = record?.get(key);
	return value instanceof Y.Text ? value : null;
}

export function readOneOf<T extends string>(record: Y.Map<unknown>, key: string, allowed: readonly T[], fallback: T): T {
	const value = record.get(key);
	return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** YYYY-MM-DD that is a real calendar date, or null. */
export function readDate(value: unknown): string | null {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : null;
}

export function isDateString(value: string): boolean {
	return readDate(value) === value;
}

/** Records of a Y.Map sorted by creation time, then id, so every screen shows one order. */
export function byCreation<T extends { createdAt: string; id: string }>(a: T, b: T): number {
	return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
