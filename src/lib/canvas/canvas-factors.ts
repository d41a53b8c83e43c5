/**
 * Keeps factor cards and factor records in step (rules C1–C6 in src/lib/board/canvas-mapping.ts):
 * applies the pure plans to the tldraw editor and to the board document.
 *
 * Undo: a card deleted on the canvas deletes its factor inside the same Yjs transaction as the
 * card (Origin.canvas, so the board's undo does not see it); tldraw's undo re-adds the card,
 * and this brings the factor back as it was (text, category, action links), from a snapshot
 * kept for this session. Cards this code adds or removes to follow the factor list are
 * written with `history: 'ignore'`: they are nobody's undoable edit.
 */
import type * as Y from 'yjs';
import { atom, type Atom, type Editor, type RecordsDiff, type TLRecord, type TLShapeId } from 'tldraw';
import {
	FACTOR_CARD_SIZE,
	FACTOR_CARD_TYPE,
	cardShapeIdFor,
	causalLinksFrom,
	factorCards,
	planFactorCards,
	planLocalCardChange,
	type CanvasRecordLike,
	type FactorCardRef
} from '../board/canvas-mapping.ts';
import { factorRecords, newRecordId, Origin } from '../board/schema.ts';
import { putFactor, snapshotFactor, type FactorSnapshot } from '../board/canvas.ts';
import { syncCanvasLinks } from '../board/causal-links.ts';
import { deleteFactor, factorText, readFactors, setFactorCategory } from '../board/factors.ts';
import type { FactorCategory } from '../board/types.ts';

/** What a card shows, read live from the factor record (and the last vote results). */
export interface FactorInfo {
	title: string;
	category: FactorCategory;
	/** Votes from the last closed round; null when there are none (the card then shows none). */
	votes: number | null;
}

export interface FactorCardSyncOptions {
	/** Observers never write; the cards still follow the document through the bridge. */
	readOnly: boolean;
}

const asCard = (record: TLRecord): FactorCardRef | null => factorCards([record as unknown as CanvasRecordLike])[0] ?? null;
const touchesLinks = (record: TLRecord) => record.typeName === 'binding' || (record.typeName === 'shape' && (record.type === 'arrow' || record.type === FACTOR_CARD_TYPE));

export class FactorCardSync {
	/** Factor id → what its card shows. Read by the card shape while rendering. */
	readonly info: Atom<ReadonlyMap<string, FactorInfo>>;
	readonly #doc: Y.Doc;
	readonly #options: FactorCardSyncOptions;
	readonly #snapshots = new Map<string, FactorSnapshot>();
	#votes: Record<string, number> | null = null;
	#editor: Editor | null = null;
	#flush: () => void = () => {};
	#reconcileQueued = false;
	#synced = false;
	#destroyed = false;

	constructor(doc: Y.Doc, options: FactorCardSyncOptions) {
		this.#doc = doc;
		this.#options = options;
		this.info = atom('factor cards', this.#readInfo());
		factorRecords(doc).observeDeep(this.#onFactors);
	}

	/** Starts following the factor list with this editor (C1, C2). `flush` writes pending canvas changes now. */
	attach(editor: Editor, flush: () => void): void {
		this.#editor = editor;
		this.#flush = flush;
		this.#queueReconcile();
	}

	destroy(): void {
		this.#destroyed = true;
		factorRecords(this.#doc).unobserveDeep(this.#onFactors);
		this.#editor = null;
	}

	/** Catches up with the factor list (e.g. once a lock that made the canvas read-only is lifted). */
	reconcileSoon(): void {
		this.#queueReconcile();
	}

	/**
	 * Cards follow the factor list only once this screen's copy has synced with the server: a
	 * card created from a stale offline copy would overwrite the one (same id, C1) someone else
	 * has placed since.
	 */
	setSynced(synced: boolean): void {
		this.#synced = synced;
		if (synced) this.#queueReconcile();
	}

	setVotes(votes: Record<string, number> | null): void {
		this.#votes = votes;
		this.info.set(this.#readInfo());
	}

	titleText(factorId: string): Y.Text | null {
		return factorText(this.#doc, factorId, 'title');
	}

	setCategory(factorId: string, category: FactorCategory): void {
		if (!this.#options.readOnly) setFactorCategory(this.#doc, factorId, category);
	}

	/** Creates a card, and with it a new factor, in the middle of the view, ready to type its title. */
	addCard(): TLShapeId | null {
		const editor = this.#editor;
		if (!editor || this.#options.readOnly || editor.getIsReadonly()) return null;
		const factorId = newRecordId();
		const id = cardShapeIdFor(factorId) as TLShapeId;
		const center = editor.getViewportPageBounds().center;
		editor.markHistoryStoppingPoint('add factor card');
		editor.createShape({ id, type: FACTOR_CARD_TYPE, x: center.x - FACTOR_CARD_SIZE.w / 2, y: center.y - FACTOR_CARD_SIZE.h / 2, props: { factorId, ...FACTOR_CARD_SIZE } });
		editor.select(id);
		// The card and its (new, blank) factor reach the document together (C4) before anyone types.
		this.#flush();
		editor.setEditingShape(id);
		return id;
	}

	/** The bridge's hook: runs inside the Yjs transaction that writes a local canvas change. */
	afterLocalChange(changes: RecordsDiff<TLRecord>): void {
		const editor = this.#editor;
		if (!editor || this.#options.readOnly) return;
		const added: FactorCardRef[] = [];
		const removed: FactorCardRef[] = [];
		for (const record of Object.values(changes.added)) {
			const card = asCard(record);
			if (card) added.push(card);
		}
		for (const record of Object.values(changes.removed)) {
			const card = asCard(record);
			if (card) removed.push(card);
		}
		for (const [before, after] of Object.values(changes.updated)) {
			const was = asCard(before);
			const is = asCard(after);
			if (was?.factorId === is?.factorId) continue;
			if (was) removed.push(was);
			if (is) added.push(is);
		}

		const records = editor.store.allRecords() as unknown as CanvasRecordLike[];
		if (added.length || removed.length) {
			const factorIds = new Set(readFactors(this.#doc).map((f) => f.id));
			const plan = planLocalCardChange({ added, removed }, factorCards(records), factorIds);
			for (const id of plan.deleteFactors) {
				const snapshot = snapshotFactor(this.#doc, id);
				if (snapshot) this.#snapshots.set(id, snapshot);
				deleteFactor(this.#doc, id, Origin.canvas);
			}
			for (const id of plan.restoreFactors) {
				putFactor(this.#doc, this.#snapshots.get(id) ?? { id, title: '', description: '', category: 'other' }, Origin.canvas);
				this.#snapshots.delete(id);
			}
			for (const card of plan.copyFactors) this.#copyFactorFor(card);
		}
		const all = [...Object.values(changes.added), ...Object.values(changes.removed), ...Object.values(changes.updated).map(([, to]) => to)];
		if (all.some(touchesLinks)) syncCanvasLinks(this.#doc, causalLinksFrom(records), Origin.canvas);
	}

	/** C5: a pasted card becomes a new factor with the original's content. */
	#copyFactorFor(card: FactorCardRef): void {
		const source = snapshotFactor(this.#doc, card.factorId);
		const id = newRecordId();
		putFactor(this.#doc, { id, title: source?.title ?? '', description: source?.description ?? '', category: source?.category ?? 'other' }, Origin.canvas);
		// Changing the store while its listeners run is not allowed: retarget right after.
		queueMicrotask(() => {
			const editor = this.#editor;
			if (!editor || !editor.getShape(card.shapeId as TLShapeId)) return;
			editor.run(() => editor.updateShape({ id: card.shapeId as TLShapeId, type: FACTOR_CARD_TYPE, props: { factorId: id } }), { history: 'ignore', ignoreShapeLock: true });
		});
	}

	readonly #onFactors = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
		this.info.set(this.#readInfo());
		// Only factors appearing or disappearing change which cards exist.
		if (events.some((e) => e.target === factorRecords(this.#doc) && e.changes.keys.size > 0)) this.#queueReconcile();
	};

	#queueReconcile(): void {
		if (this.#reconcileQueued) return;
		this.#reconcileQueued = true;
		// After the whole transaction (and the bridge's view of it) has been applied.
		queueMicrotask(() => {
			this.#reconcileQueued = false;
			this.#reconcile();
		});
	}

	/** C1, C2: cards follow the factor list. */
	#reconcile(): void {
		const editor = this.#editor;
		if (!editor || this.#destroyed || !this.#synced || this.#options.readOnly || editor.getIsReadonly()) return;
		const factorIds = readFactors(this.#doc).map((f) => f.id);
		const plan = planFactorCards(factorIds, editor.store.allRecords() as unknown as CanvasRecordLike[]);
		if (plan.create.length === 0 && plan.remove.length === 0) return;
		const pageId = editor.getPages()[0]?.id ?? editor.getCurrentPageId();
		editor.run(
			() => {
				if (plan.remove.length) editor.deleteShapes(plan.remove as TLShapeId[]);
				if (plan.create.length) {
					editor.createShapes(
						plan.create.map((c) => ({ id: c.shapeId as TLShapeId, type: FACTOR_CARD_TYPE, parentId: pageId, x: c.x, y: c.y, props: { factorId: c.factorId, ...FACTOR_CARD_SIZE } }))
					);
				}
			},
			{ history: 'ignore', ignoreShapeLock: true }
		);
	}

	#readInfo(): ReadonlyMap<string, FactorInfo> {
		return new Map(readFactors(this.#doc).map((f) => [f.id, { title: f.title, category: f.category, votes: this.#votes && Object.hasOwn(this.#votes, f.id) ? this.#votes[f.id] : null }]));
	}
}
