/**
 * The tldraw schema this Debrief writes the canvas with (`canvasMeta.schema`), as plain data,
 * so the server can check what a client claims without loading tldraw (S5). A spec in
 * src/lib/sync (canvas-schema-versions.spec.ts) fails when a tldraw upgrade changes it: then
 * copy the new `canvasSchema.serialize()` here.
 */
export const CANVAS_SCHEMA_VERSION = 2;

export const CANVAS_SCHEMA_SEQUENCES: Readonly<Record<string, number>> = {
	'com.tldraw.store': 5,
	'com.tldraw.asset': 1,
	'com.tldraw.camera': 1,
	'com.tldraw.document': 2,
	'com.tldraw.instance': 26,
	'com.tldraw.instance_page_state': 5,
	'com.tldraw.page': 1,
	'com.tldraw.instance_presence': 6,
	'com.tldraw.pointer': 1,
	'com.tldraw.shape': 4,
	'com.tldraw.user': 1,
	'com.tldraw.asset.image': 6,
	'com.tldraw.asset.video': 5,
	'com.tldraw.asset.bookmark': 2,
	'com.tldraw.shape.arrow': 8,
	'com.tldraw.shape.bookmark': 2,
	'com.tldraw.shape.draw': 5,
	'com.tldraw.shape.embed': 4,
	'com.tldraw.shape.frame': 1,
	'com.tldraw.shape.geo': 12,
	'com.tldraw.shape.group': 0,
	'com.tldraw.shape.highlight': 4,
	'com.tldraw.shape.image': 5,
	'com.tldraw.shape.line': 5,
	'com.tldraw.shape.note': 13,
	'com.tldraw.shape.text': 4,
	'com.tldraw.shape.video': 4,
	'com.tldraw.shape.debrief-factor': 0,
	'com.tldraw.binding.arrow': 1,
};

/**
 * Why a `canvasMeta.schema` value is not one this Debrief could have written, or null: it must
 * be a serialized tldraw schema whose every migration sequence this code knows, at a version
 * no newer than its own. (A fake "newer" schema would make every canvas read-only.)
 */
export function canvasSchemaProblem(value: unknown): string | null {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return 'the canvas schema must be an object';
	const { schemaVersion, sequences } = value as { schemaVersion?: unknown; sequences?: unknown };
	if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > CANVAS_SCHEMA_VERSION) return 'unknown canvas schema version';
	if (!sequences || typeof sequences !== 'object' || Array.isArray(sequences)) return 'the canvas schema has no sequences';
	for (const [name, version] of Object.entries(sequences)) {
		const known = Object.hasOwn(CANVAS_SCHEMA_SEQUENCES, name) ? CANVAS_SCHEMA_SEQUENCES[name] : undefined;
		if (known === undefined) return `unknown canvas record type "${name.slice(0, 60)}"`;
		if (typeof version !== 'number' || !Number.isInteger(version) || version < 0 || version > known) return `canvas schema "${name.slice(0, 60)}" is newer than this server`;
	}
	return null;
}
