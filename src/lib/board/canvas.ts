/**
 * The factor canvas's place in the board document (see docs/schema.md, "Canvas"):
 *
 * - `canvas`: tldraw's document records (pages, shapes, bindings, assets) keyed by record id,
 *   each a whole plain-JSON record, last writer wins;
 * - `canvasMeta`: `schema`, the serialized tldraw schema the records were written with, so a
 *   newer Debrief can migrate them and an older one can tell it is too old;
 * - `causalLinks` (causal-links.ts): the arrows between factor cards as "A contributed to B".
 *
 * Factor cards on the canvas are views of the factor records: a card's `props.factorId` names
 * its factor, and the title and category shown are read live from the factor.
 */
import type * as Y from 'yjs';
import { isPlainObject } from './records.ts';
import { canvasMeta, canvasRecords, factorRecords, type Origin } from './schema.ts';
import { factorRecord, readFactors } from './factors.ts';
import { linkActionToFactor, readActions } from './actions.ts';
import { FACTOR_CATEGORIES, type FactorCategory } from './types.ts';


/**
 * tldraw's serialized schema in the two formats tldraw writes (its `SerializedSchemaV1` and
 * `SerializedSchemaV2`, restated here so this module needs no tldraw).
 */
export type StoredCanvasSchema =
	| { schemaVersion: 2; sequences: Record<string, number> }
	| { schemaVersion: 1; storeVersion: number; recordVersions: Record<string, { version: number; subTypeKey?: string; subTypeVersions?: Record<string, number> }> };

/**
 * E3 `canvasMeta.schema` when it is a well-formed serialized tldraw schema, else null. A
 * malformed marker (not an object, an unknown format, versions that are not whole numbers)
 * tells nothing about who wrote the records, so it counts as absent — never as "written by a
 * newer version", which would make the canvas read-only for everyone.
 */
export function readCanvasSchema(doc: Y.Doc): StoredCanvasSchema | null {
	const value = canvasMeta(doc).get('schema');
	if (!isPlainObject(value)) return null;
	if (value.schemaVersion === 2) return isVersionMap(value.sequences) ? (value as StoredCanvasSchema) : null;
	if (value.schemaVersion === 1) return isVersion(value.storeVersion) && isRecordVersions(value.recordVersions) ? (value as StoredCanvasSchema) : null;
	return null;
}

const isVersion = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const isVersionMap = (value: unknown) => isPlainObject(value) && Object.values(value).every(isVersion);

function isRecordVersions(value: unknown): boolean {
	if (!isPlainObject(value)) return false;
	return Object.values(value).every(
		(entry) =>
			isPlainObject(entry) &&
			isVersion(entry.version) &&
			(entry.subTypeKey === undefined ? entry.subTypeVersions === undefined : typeof entry.subTypeKey === 'string' && isVersionMap(entry.subTypeVersions))
	);
}

/** Everything needed to bring a deleted factor back as it was (canvas undo of a card deletion). */
export interface FactorSnapshot {
	id: string;
	title: string;
	description: string;
	category: FactorCategory;
	createdAt: string;
	/** Action items that were linked to it. */
	actionIds: string[];
}

export function snapshotFactor(doc: Y.Doc, id: string): FactorSnapshot | null {
	const factor = readFactors(doc).find((f) => f.id === id);
	if (!factor) return null;
	const actionIds = readActions(doc)
		.filter((a) => a.factorId === id)
		.map((a) => a.id);
	return { ...factor, actionIds };
}

/**
 * Writes a factor record under a given id (a card created on the canvas names its factor
 * before the factor exists; undo brings one back under its old id) and relinks the action
 * items that pointed at it and are still unlinked.
 */
export function putFactor(doc: Y.Doc, factor: Omit<FactorSnapshot, 'createdAt' | 'actionIds'> & Partial<FactorSnapshot>, origin: Origin): void {
	const category = FACTOR_CATEGORIES.includes(factor.category) ? factor.category : 'other';
	const record = factorRecord({ id: factor.id, category, title: factor.title, description: factor.description, createdAt: factor.createdAt ?? new Date().toISOString() });
	doc.transact(() => {
		factorRecords(doc).set(factor.id, record);
		const actions = new Map(readActions(doc).map((a) => [a.id, a]));
		for (const actionId of factor.actionIds ?? []) {
			if (actions.get(actionId)?.factorId === null) linkActionToFactor(doc, actionId, factor.id, origin);
		}
	}, origin);
}
