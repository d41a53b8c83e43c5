/**
 * Helpers shared by the record types (timeline entries, why chains, factors, actions, list
 * items): creating a record whole in one transaction, and reading untrusted values safely.
 *
 * E1 (docs/schema.md): any client can put any value anywhere — a number where a record
 * belongs, a string where a Y.Text belongs. Readers and operations go through these helpers,
 * which skip what is malformed instead of calling methods on it.
 */
import * as Y from 'yjs';
import { newRecordId } from './schema.ts';

/**
 * A record built whole from its values; strings listed in `texts` become Y.Text. Absent
 * (null or undefined) values are left out, as the operations that clear a field do.
 */
export function recordOf(values: Record<string, unknown>, texts: Record<string, string> = {}): Y.Map<unknown> {
	const record = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(values)) if (value !== null && value !== undefined) record.set(key, value);
	for (const [key, value] of Object.entries(texts)) record.set(key, new Y.Text(value));
	return record;
}

/** A new record with a fresh id and its creation time. */
export function createRecord(values: Record<string, unknown>, texts: Record<string, string> = {}): { id: string; record: Y.Map<unknown> } {
	const id = newRecordId();
	return { id, record: recordOf({ id, createdAt: new Date().toISOString(), ...values }, texts) };
}

/** A value from the document as a record, or null when it is anything but a Y.Map. */
export function asRecord(value: unknown): Y.Map<unknown> | null {
	return value instanceof Y.Map ? value : null;
}

/** A JSON object as Yjs stores it: not an array, a shared type, binary or anything else. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/** The record stored under `id` in a keyed root (timeline, factors, …), if well-formed. */
export function recordIn(records: Y.Map<unknown>, id: string): Y.Map<unknown> | null {
	return asRecord(records.get(id));
}

/** The well-formed records of a keyed root, with their keys. */
export function recordEntries(records: Y.Map<unknown>): Array<[string, Y.Map<unknown>]> {
	const entries: Array<[string, Y.Map<unknown>]> = [];
	for (const [id, value] of records) if (value instanceof Y.Map) entries.push([id, value]);
	return entries;
}

/**
 * The well-formed records of a list root (wentWell, lucky, revealedNotes), in order, with
 * their `id` field. Items without an id are skipped, and so is any later item repeating an
 * id: screens key their rows by id, and a duplicate key must not break a page.
 */
export function listRecords(items: Y.Array<unknown>): Array<{ id: string; record: Y.Map<unknown>; index: number }> {
	const seen = new Set<string>();
	const records: Array<{ id: string; record: Y.Map<unknown>; index: number }> = [];
	items.forEach((value, index) => {
		const record = asRecord(value);
		const id = record ? readString(record, 'id') : '';
		if (!record || !id || seen.has(id)) return;
		seen.add(id);
		records.push({ id, record, index });
	});
	return records;
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
export function recordText(record: unknown, key: string): Y.Text | null {
	const value = asRecord(record)?.get(key);
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

/** Records of a Y.Map sorted by creation time, then id, so every screen shows one order. */
export function byCreation<T extends { createdAt: string; id: string }>(a: T, b: T): number {
	return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
