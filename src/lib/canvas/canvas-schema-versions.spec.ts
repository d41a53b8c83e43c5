import { describe, expect, it } from 'vitest';
import { CANVAS_SCHEMA_SEQUENCES, CANVAS_SCHEMA_VERSION, canvasSchemaProblem } from '../board/canvas-schema-versions.ts';
import { canvasSchema } from './canvas-schema.ts';

describe('the canvas schema the server accepts (S5)', () => {
	it('is exactly the schema the canvas writes with: update canvas-schema-versions.ts after a tldraw upgrade', () => {
		expect(canvasSchema.serialize()).toEqual({ schemaVersion: CANVAS_SCHEMA_VERSION, sequences: CANVAS_SCHEMA_SEQUENCES });
		expect(canvasSchemaProblem(canvasSchema.serialize())).toBeNull();
	});

	it('accepts an older schema, refuses a newer or unknown one and anything that is not a schema', () => {
		const older = { schemaVersion: 2, sequences: { ...CANVAS_SCHEMA_SEQUENCES, 'com.tldraw.shape.geo': 1 } };
		expect(canvasSchemaProblem(older)).toBeNull();
		expect(canvasSchemaProblem({ schemaVersion: 2, sequences: { ...CANVAS_SCHEMA_SEQUENCES, 'com.tldraw.shape.geo': 999 } })).toMatch(/newer/);
		expect(canvasSchemaProblem({ schemaVersion: 3, sequences: {} })).toMatch(/version/);
		expect(canvasSchemaProblem({ schemaVersion: 2, sequences: { 'com.evil.shape': 0 } })).toMatch(/unknown/);
		for (const bogus of [null, 'v2', 42, [], { sequences: {} }, { schemaVersion: 2, sequences: [] }]) expect(canvasSchemaProblem(bogus)).not.toBeNull();
	});
});
