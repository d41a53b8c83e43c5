/**
 * Checks what a client's update would do to a board, so that nothing is ever stored that
 * cannot be applied again or that breaks the board's shape (U1–U4, S1–S6 in docs/protocol.md).
 *
 * Two stages. Before the update touches the room, its decoded structs are checked for what no
 * Yjs client ever writes (`structureProblem`): content kinds the board does not use, items that
 * point at themselves or at their own future, empty delete ranges, unknown root types, plain
 * values nested too deep to decode again on a cold start. After it is applied, inside the same
 * transaction, every position it changed is checked against the document's shape
 * (`transactionProblem`). The room undoes a refused update by rebuilding its document.
 */
import * as Y from 'yjs';
import { fieldShape, jsonProblem, pathOf, rootNamesOf, shapeAtPath, valueProblem, type Shape } from '../../src/lib/board/shape.ts';

export class UpdateRefusedError extends Error {
	constructor(reason: string) {
		super(reason);
		this.name = 'UpdateRefusedError';
	}
}

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its events per type
type AnyType = Y.AbstractType<any>;

/** Shared types the board uses; XML types and sub-documents are not among them. */
const ALLOWED_TYPES: ReadonlySet<unknown> = new Set([Y.Map, Y.Array, Y.Text]);

/** Why a decoded update is not something a Debrief client writes, or null (U2, U3). */
export function structureProblem(decoded: DecodedUpdate, roots: ReadonlySet<string>): string | null {
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue; // GC and Skip carry no content
		const { id } = struct;
		if (struct.length < 1) return 'an item without content';
		// An item can only point at what its client wrote before it.
		for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
			if (ref && ref.client === id.client && ref.clock >= id.clock) return 'an item that refers to itself or to its future';
		}
		const parent: unknown = struct.parent;
		if (typeof parent === 'string' && !roots.has(parent)) return `unknown root type "${parent.slice(0, 40)}"`;
		const problem = contentProblem(struct.content);
		if (problem) return problem;
	}
	for (const ranges of decoded.ds.clients.values()) {
		for (const range of ranges) if (range.len < 1) return 'an empty delete range';
	}
	return null;
}

function contentProblem(content: Y.Item['content']): string | null {
	if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted) return null;
	if (content instanceof Y.ContentType) return ALLOWED_TYPES.has(content.type.constructor) ? null : `a ${content.type.constructor.name} shared type`;
	if (content instanceof Y.ContentAny) {
		for (const value of content.arr) {
			const problem = jsonProblem(value);
			if (problem) return problem;
		}
		return null;
	}
	return `${content.constructor.name} content`;
}

/**
 * Why a transaction that applied a client's update leaves the document out of shape, or null
 * (S1–S5). Only positions the transaction changed are looked at, so a keystroke costs a few
 * map lookups. `byServer` allows the positions only the server writes.
 */
export function transactionProblem(transaction: Y.Transaction, shapes: Readonly<Record<string, Shape>>, byServer: boolean): string | null {
	const resolver = new ShapeResolver(transaction.doc, shapes);
	const isNew = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
	for (const [type, keys] of transaction.changed) {
		const shape = resolver.shapeOf(type);
		if (!shape) return 'a change outside the board’s shape';
		const problem = changedTypeProblem(type, keys, shape, isNew, byServer);
		if (problem) return `${resolver.pathOf(type)}: ${problem}`;
	}
	return null;
}

function changedTypeProblem(type: AnyType, keys: Set<string | null>, shape: Shape, isNew: (item: Y.Item) => boolean, byServer: boolean): string | null {
	switch (shape.kind) {
		case 'text':
			if (!keys.has(null) || keys.size > 1) return 'a text field has no keys';
			return (type as Y.Text).length > shape.maxChars ? `longer than ${shape.maxChars} characters` : null;
		case 'array': {
			if (keys.size > 1 || !keys.has(null)) return 'a list has no keys';
			const array = type as Y.Array<unknown>;
			if (array.length > shape.maxItems) return `more than ${shape.maxItems} items`;
			for (let item = type._start; item; item = item.right) {
				if (item.deleted || !isNew(item)) continue;
				if (shape.serverOnly && !byServer) return 'only the server adds items here';
				for (const value of item.content.getContent()) {
					const problem = newValueProblem(value, shape.item);
					if (problem) return problem;
				}
			}
			return null;
		}
		case 'map': {
			if (keys.has(null)) return 'a map holds no list content';
			for (const key of keys) {
				const item = type._map.get(key!);
				if (!item || item.deleted || !isNew(item)) continue; // deleted, or only an older value changed
				const child = fieldShape(shape, key!);
				if (!child) return `no field "${key!.slice(0, 40)}"`;
				if ((shape.serverOnly || child.serverOnly) && !byServer) return `only the server writes "${key}"`;
				const problem = newValueProblem(item.content.getContent().at(-1), child);
				if (problem) return `"${key!.slice(0, 40)}": ${problem}`;
			}
			if (shape.maxEntries !== undefined && keys.size > 0 && (type as Y.Map<unknown>).size > shape.maxEntries) return `more than ${shape.maxEntries} entries`;
			return null;
		}
		case 'value':
			return 'a plain value changed in place';
	}
}

/** Checks a value written whole (a new record and everything in it) against its shape. */
function newValueProblem(value: unknown, shape: Shape): string | null {
	switch (shape.kind) {
		case 'text':
			if (!(value instanceof Y.Text) || value.constructor !== Y.Text) return 'expected text';
			return value.length > shape.maxChars ? `longer than ${shape.maxChars} characters` : null;
		case 'value':
			return value instanceof Y.AbstractType ? 'expected a plain value, got a shared type' : valueProblem(value, shape);
		case 'map': {
			if (!(value instanceof Y.Map) || value.constructor !== Y.Map) return 'expected a map';
			if (value._start) return 'a map holds no list content';
			let entries = 0;
			for (const [key, child] of value.entries()) {
				const childShape = fieldShape(shape, key);
				if (!childShape) return `no field "${key.slice(0, 40)}"`;
				const problem = newValueProblem(child, childShape);
				if (problem) return `"${key.slice(0, 40)}": ${problem}`;
				entries++;
			}
			return shape.maxEntries !== undefined && entries > shape.maxEntries ? `more than ${shape.maxEntries} entries` : null;
		}
		case 'array': {
			if (!(value instanceof Y.Array) || value.constructor !== Y.Array) return 'expected a list';
			if (value._map.size > 0) return 'a list has no keys';
			if (value.length > shape.maxItems) return `more than ${shape.maxItems} items`;
			for (const item of value.toArray()) {
				const problem = newValueProblem(item, shape.item);
				if (problem) return problem;
			}
			return null;
		}
	}
}

/** Finds the shape of a shared type by walking up to its root type; remembers each answer. */
class ShapeResolver {
	readonly #shapes: Readonly<Record<string, Shape>>;
	readonly #rootNames: Map<AnyType, string>;
	readonly #cache = new Map<AnyType, Shape | null>();

	constructor(doc: Y.Doc, shapes: Readonly<Record<string, Shape>>) {
		this.#shapes = shapes;
		this.#rootNames = rootNamesOf(doc);
	}

	shapeOf(type: AnyType): Shape | null {
		if (!this.#cache.has(type)) {
			const path = pathOf(type, this.#rootNames);
			this.#cache.set(type, path ? shapeAtPath(path, this.#shapes) : null);
		}
		return this.#cache.get(type)!;
	}

	pathOf(type: AnyType): string {
		return (pathOf(type, this.#rootNames) ?? ['?']).map((step) => (step === null ? '[]' : step.slice(0, 40))).join('.');
	}
}
