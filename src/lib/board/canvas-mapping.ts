/**
 * How factors and the canvas correspond, as pure functions over plain data (no tldraw, no
 * Yjs), so every rule is unit-tested. The glue that applies these plans lives in
 * src/lib/canvas/canvas-factors.ts.
 *
 * The rules (docs/schema.md, "Canvas"):
 * - C1 Every factor has a card. A factor without one gets a card with the id
 *   `shape:factor-<factorId>`, so two screens adding it at once write the same record.
 * - C2 A card whose factor no longer exists is removed (the factor was deleted in the list).
 * - C3 Deleting the last card of a factor on the canvas deletes the factor (undo brings both back).
 * - C4 A card added on this screen whose factor does not exist brings the factor back: as it
 *   was, when this screen deleted it (undo), or blank (a card created on the canvas).
 * - C5 A card added on this screen for a factor that already has another card (copy and
 *   paste, duplicate) becomes a new factor copied from the original.
 * - C6 An arrow whose start and end are bound to cards of two different factors is a causal
 *   link "start contributed to end", keyed by the arrow's id.
 */
import type { CausalLinkData } from './types.ts';

/** tldraw shape type of a factor card. */
export const FACTOR_CARD_TYPE = 'debrief-factor';

export const FACTOR_CARD_SIZE = { w: 240, h: 128 } as const;

/** The fields of tldraw records this module reads; everything else is ignored. */
export interface CanvasRecordLike {
	id: string;
	typeName: string;
	type?: string;
	x?: number;
	y?: number;
	parentId?: string;
	props?: unknown;
	/** Bindings: the arrow. */
	fromId?: string;
	/** Bindings: the shape the arrow is bound to. */
	toId?: string;
}

export interface FactorCardRef {
	shapeId: string;
	factorId: string;
}

/**
 * The records that look like tldraw records (an object with a string id and typeName). The
 * store only hands out valid records, but these functions must not fail on raw document
 * values either (E1): anything else is left out.
 */
function recordsLike(records: Iterable<unknown>): CanvasRecordLike[] {
	return [...records].filter((r): r is CanvasRecordLike => r !== null && typeof r === 'object' && typeof (r as CanvasRecordLike).id === 'string' && typeof (r as CanvasRecordLike).typeName === 'string');
}

/** The shape id of the card created for a factor that has none (C1). */
export const cardShapeIdFor = (factorId: string) => `shape:factor-${factorId}`;

function factorIdOf(record: CanvasRecordLike): string | null {
	if (record.typeName !== 'shape' || record.type !== FACTOR_CARD_TYPE) return null;
	const factorId = (record.props as { factorId?: unknown } | undefined)?.factorId;
	return typeof factorId === 'string' && factorId ? factorId : null;
}

export function factorCards(records: Iterable<unknown>): FactorCardRef[] {
	const cards: FactorCardRef[] = [];
	for (const record of recordsLike(records)) {
		const factorId = factorIdOf(record);
		if (factorId) cards.push({ shapeId: record.id, factorId });
	}
	return cards;
}

export interface CardPlacement extends FactorCardRef {
	x: number;
	y: number;
}

export interface CardPlan {
	create: CardPlacement[];
	/** Shape ids of cards to remove. */
	remove: string[];
}

/** Cards start clear of tldraw's own menus in the top-left corner. */
const GRID = { columns: 4, x0: 48, y0: 96, dx: FACTOR_CARD_SIZE.w + 48, dy: FACTOR_CARD_SIZE.h + 48 };

/**
 * C1 and C2 for the state as it is. New cards go into the first free cells of a grid (row
 * by row, in the factors' order), so screens that see the same state place them alike.
 */
export function planFactorCards(factorIds: readonly string[], records: Iterable<unknown>): CardPlan {
	const existing = new Set(factorIds);
	const cards = recordsLike(records).filter((r) => factorIdOf(r) !== null);
	const carded = new Set(cards.map((r) => factorIdOf(r)!));
	const remove = cards.filter((r) => !existing.has(factorIdOf(r)!)).map((r) => r.id);

	const occupied = new Set<string>();
	for (const card of cards) {
		if (typeof card.x !== 'number' || typeof card.y !== 'number') continue;
		occupied.add(`${Math.round((card.x - GRID.x0) / GRID.dx)}:${Math.round((card.y - GRID.y0) / GRID.dy)}`);
	}
	const create: CardPlacement[] = [];
	let cell = 0;
	for (const factorId of factorIds) {
		if (carded.has(factorId)) continue;
		let column: number, row: number;
		do {
			column = cell % GRID.columns;
			row = Math.floor(cell / GRID.columns);
			cell++;
		} while (occupied.has(`${column}:${row}`));
		create.push({ shapeId: cardShapeIdFor(factorId), factorId, x: GRID.x0 + column * GRID.dx, y: GRID.y0 + row * GRID.dy });
	}
	return { create, remove };
}

export interface LocalCardChange {
	added: FactorCardRef[];
	removed: FactorCardRef[];
}

export interface LocalCardPlan {
	/** C3: factors whose last card this screen deleted. */
	deleteFactors: string[];
	/** C4: factors to bring back for cards added here. */
	restoreFactors: string[];
	/** C5: added cards that must become a copy of their factor. */
	copyFactors: FactorCardRef[];
}

/**
 * C3–C5 for a change made on this screen. `cardsAfter` is every card once the change is
 * applied; `factorIds` the factors as they are before this plan is applied.
 */
export function planLocalCardChange(change: LocalCardChange, cardsAfter: readonly FactorCardRef[], factorIds: ReadonlySet<string>): LocalCardPlan {
	const cardsOf = new Map<string, string[]>();
	for (const card of cardsAfter) cardsOf.set(card.factorId, [...(cardsOf.get(card.factorId) ?? []), card.shapeId]);
	const addedIds = new Set(change.added.map((c) => c.shapeId));

	const deleteFactors = [...new Set(change.removed.map((c) => c.factorId))].filter((id) => factorIds.has(id) && !cardsOf.has(id));

	const restoreFactors = new Set<string>();
	const copyFactors: FactorCardRef[] = [];
	for (const card of change.added) {
		const siblings = cardsOf.get(card.factorId) ?? [];
		if (!siblings.includes(card.shapeId)) continue; // added and removed again in the same change
		if (!factorIds.has(card.factorId)) {
			restoreFactors.add(card.factorId);
			// Several new cards of one missing factor: the one that keeps it is chosen as below.
		}
		if (siblings.length > 1 && card.shapeId !== keeperOf(card.factorId, siblings, addedIds)) copyFactors.push(card);
	}
	return { deleteFactors, restoreFactors: [...restoreFactors], copyFactors };
}

/** Of several cards of one factor, the one that stays its card: one that was there before, else C1's id, else the first. */
function keeperOf(factorId: string, shapeIds: string[], addedIds: ReadonlySet<string>): string {
	const sorted = [...shapeIds].sort();
	return sorted.find((id) => !addedIds.has(id)) ?? sorted.find((id) => id === cardShapeIdFor(factorId)) ?? sorted[0];
}

/** C6: the causal links drawn on the canvas, by arrow id. */
export function causalLinksFrom(records: Iterable<unknown>): CausalLinkData[] {
	const all = recordsLike(records);
	const factorOfShape = new Map(factorCards(all).map((c) => [c.shapeId, c.factorId]));
	const ends = new Map<string, { start?: string; end?: string }>();
	for (const record of all) {
		if (record.typeName !== 'binding' || record.type !== 'arrow' || !record.fromId || !record.toId) continue;
		const terminal = (record.props as { terminal?: unknown } | undefined)?.terminal;
		if (terminal !== 'start' && terminal !== 'end') continue;
		const arrow = ends.get(record.fromId) ?? {};
		arrow[terminal] = record.toId;
		ends.set(record.fromId, arrow);
	}
	const arrows = new Set(all.filter((r) => r.typeName === 'shape' && r.type === 'arrow').map((r) => r.id));
	const links: CausalLinkData[] = [];
	for (const [arrowId, { start, end }] of ends) {
		if (!arrows.has(arrowId) || !start || !end) continue;
		const from = factorOfShape.get(start);
		const to = factorOfShape.get(end);
		if (from && to && from !== to) links.push({ id: arrowId, from, to });
	}
	return links.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
