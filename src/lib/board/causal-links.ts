/**
 * Causal links: the arrows between factor cards, stored as such so the writeup can say
 * "A contributed to B" without reading tldraw's records. Root type `causalLinks`, a Y.Map from
 * link id to `{ from: factorId, to: factorId }`.
 *
 * Links keyed by a tldraw shape id (`shape:…`) are maintained by the canvas from its arrow
 * bindings, by whoever changed the arrows; other keys (e.g. links written by an import) are
 * never touched by the canvas.
 */
import * as Y from 'yjs';
import { causalLinkRecords, factorRecords, type Origin } from './schema.ts';
import type { CausalLinkData } from './types.ts';


/** Keys of links the canvas owns. */
export const isCanvasLinkId = (id: string) => id.startsWith('shape:');

function parseLink(id: string, value: unknown): CausalLinkData | null {
	if (value === null || typeof value !== 'object') return null;
	const { from, to } = value as { from?: unknown; to?: unknown };
	if (typeof from !== 'string' || typeof to !== 'string' || !from || !to || from === to) return null;
	return { id, from, to };
}

/** Every well-formed link between two factors that exist, ordered by id so every screen agrees. */
export function readCausalLinks(doc: Y.Doc): CausalLinkData[] {
	const factors = factorRecords(doc);
	const links: CausalLinkData[] = [];
	for (const [id, value] of causalLinkRecords(doc)) {
		const link = parseLink(id, value);
		if (link && factors.get(link.from) instanceof Y.Map && factors.get(link.to) instanceof Y.Map) links.push(link);
	}
	return links.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Makes the canvas-owned links equal to `links` (derived from the arrows), writing only what
 * differs so a change elsewhere on the canvas writes nothing here.
 */
/**
 * Adds links that are not the canvas's (from an import). Their ids do not start with "shape:",
 * so the canvas leaves them alone; the padded index keeps the given order, as links are listed by id.
 */
export function addImportedLinks(doc: Y.Doc, links: ReadonlyArray<{ from: string; to: string }>, origin: Origin): void {
	doc.transact(() => links.forEach((link, i) => causalLinkRecords(doc).set(`import-${String(i).padStart(4, '0')}`, { from: link.from, to: link.to })), origin);
}

export function syncCanvasLinks(doc: Y.Doc, links: CausalLinkData[], origin: Origin): void {
	const map = causalLinkRecords(doc);
	const wanted = new Map(links.filter((l) => isCanvasLinkId(l.id)).map((l) => [l.id, l]));
	doc.transact(() => {
		for (const [id, value] of map) {
			if (!isCanvasLinkId(id)) continue;
			const want = wanted.get(id);
			const have = parseLink(id, value);
			if (!want) map.delete(id);
			else if (!have || have.from !== want.from || have.to !== want.to) map.set(id, { from: want.from, to: want.to });
			wanted.delete(id);
		}
		for (const link of wanted.values()) map.set(link.id, { from: link.from, to: link.to });
	}, origin);
}
