/**
 * Binds a tldraw store to the board's Yjs document (docs/schema.md, "Canvas").
 *
 * - B1 One Y.Map (`canvas`) holds tldraw's document records, keyed by record id, each a whole
 *   plain-JSON record: concurrent edits of one record resolve last-writer-wins, edits of
 *   different records (two people moving two shapes) both survive.
 * - B2 Local changes reach the document through `store.listen({source: 'user', scope:
 *   'document'})`, written in one Yjs transaction with Origin.canvas. The listener is
 *   registered as soon as the bridge exists, before the first sync, so nothing drawn early is
 *   lost; Yjs merges it with the server's copy when the connection comes.
 * - B3 Remote changes are read with Y.Map.observe, skipping our own transactions, checked
 *   (document-scoped types only, id = key, valid for the schema), migrated, stripped of
 *   outside addresses (W3: assets are data: URLs), and applied inside `store.mergeRemoteChanges`
 *   so they never echo back and never enter anyone's undo history.
 * - B4 `canvasMeta.schema` is the serialized tldraw schema. Records stored under an older one
 *   are migrated when read. A writer rewrites them all under the current schema (`upgrade()`,
 *   once its copy has synced with the server, so a stale offline copy cannot overwrite newer
 *   records) — and before its first own write in any case, because one schema marker must
 *   describe every record. A document whose schema is newer than this code is left
 *   untouched: the canvas turns read-only and says so. Only a well-formed schema counts as
 *   newer (E3): a malformed marker is treated as absent and replaced by the next write.
 * - B5 Read-only connections (observers) never write; the server would drop it anyway.
 */
import type * as Y from 'yjs';
import type { RecordsDiff, SerializedSchema, TLRecord, TLStore } from 'tldraw';
import { Origin, canvasMeta, canvasRecords } from '../board/schema.ts';
import { readCanvasSchema } from '../board/canvas.ts';
import { withoutOutsideAddresses } from './canvas-assets.ts';

export interface CanvasBridgeOptions {
	readOnly: boolean;
	/**
	 * Called inside the Yjs transaction that writes a local change, for what follows from it
	 * in the board (factor records, causal links), so both arrive at the others together.
	 */
	afterLocalChange?(changes: RecordsDiff<TLRecord>): void;
	/** The stored canvas was written by a newer version: nothing is written any more. */
	onIncompatible?(): void;
	warn?(message: string, detail?: unknown): void;
}

/** Document records are written in this order, so shapes exist before their bindings. */
const TYPE_ORDER = ['document', 'page', 'asset', 'shape', 'binding'];
const order = (r: TLRecord) => {
	const i = TYPE_ORDER.indexOf(r.typeName);
	return i === -1 ? TYPE_ORDER.length : i;
};

export class CanvasBridge {
	readonly #store: TLStore;
	readonly #doc: Y.Doc;
	readonly #records: Y.Map<unknown>;
	readonly #meta: Y.Map<unknown>;
	readonly #options: CanvasBridgeOptions;
	readonly #schema: SerializedSchema;
	readonly #schemaJson: string;
	readonly #documentTypes: Set<string>;
	#incompatible = false;
	readonly #stopListening: () => void;

	constructor(store: TLStore, doc: Y.Doc, options: CanvasBridgeOptions) {
		this.#store = store;
		this.#doc = doc;
		this.#records = canvasRecords(doc);
		this.#meta = canvasMeta(doc);
		this.#options = options;
		this.#schema = store.schema.serialize();
		this.#schemaJson = JSON.stringify(this.#schema);
		this.#documentTypes = new Set(Object.values(store.schema.types).filter((t) => t.scope === 'document').map((t) => t.typeName));

		this.#checkSchema();
		this.#loadAll();
		// B2: before anything else can happen, so no local change is missed.
		this.#stopListening = store.listen(({ changes }) => this.#writeLocal(changes), { source: 'user', scope: 'document' });
		this.#records.observe(this.#onRemoteRecords);
		this.#meta.observe(this.#onRemoteMeta);
	}

	/** False once the document turned out to be written by a newer version (B4). */
	get compatible(): boolean {
		return !this.#incompatible;
	}

	/** Writes pending local changes now instead of on the next animation frame. */
	flush(): void {
		this.#store._flushHistory();
	}

	destroy(): void {
		this.flush();
		this.#stopListening();
		this.#records.unobserve(this.#onRemoteRecords);
		this.#meta.unobserve(this.#onRemoteMeta);
	}

	/** The stored marker when it is well-formed (E3) and tldraw can read it; otherwise it counts as absent. */
	#storedSchema(): SerializedSchema | null {
		const stored = readCanvasSchema(this.#doc) as SerializedSchema | null;
		if (!stored) return null;
		try {
			// tldraw caches the answer per marker, so asking again on every record costs nothing.
			this.#store.schema.getMigrationsSince(stored);
			return stored;
		} catch {
			return null;
		}
	}

	/** B4: a stored schema this code cannot migrate from means a newer version wrote it. */
	#checkSchema(): void {
		const stored = this.#storedSchema();
		if (this.#incompatible || !stored || JSON.stringify(stored) === this.#schemaJson) return;
		if (this.#store.schema.getMigrationsSince(stored).ok) return;
		this.#incompatible = true;
		this.#options.warn?.('the canvas was saved by a newer version of Debrief; it is read-only here');
		this.#options.onIncompatible?.();
	}

	#loadAll(): void {
		if (this.#incompatible) return;
		const records: TLRecord[] = [];
		for (const [id, value] of this.#records) {
			const record = this.#accept(id, value);
			if (record) records.push(record);
		}
		this.#apply(records, []);
	}

	/** Whether the document's records are stored under an older schema than this code's. */
	#outdated(): boolean {
		const stored = this.#storedSchema();
		return !this.#incompatible && stored !== null && JSON.stringify(stored) !== this.#schemaJson;
	}

	/**
	 * B4: rewrites every stored record under the current schema, once, from a screen that may
	 * write. Call it once this screen's copy has synced with the server.
	 */
	upgrade(): void {
		if (this.#options.readOnly || !this.#outdated()) return;
		this.#doc.transact(() => this.#rewriteAll(), Origin.canvas);
	}

	/** Inside a transaction: the store's document records (all migrated) replace the stored ones. */
	#rewriteAll(): void {
		for (const record of this.#store.allRecords()) {
			if (this.#documentTypes.has(record.typeName)) this.#records.set(record.id, record);
		}
		this.#meta.set('schema', this.#schema);
	}

	/** B3: a record from the document as this schema's record, or null when it is not acceptable (E1). */
	#accept(id: string, value: unknown): TLRecord | null {
		try {
			return this.#readRecord(id, value);
		} catch (error) {
			// Validation throws by design; cloning or migrating a malformed record may throw too.
			this.#options.warn?.('skipped an invalid canvas record', { id, error: String(error) });
			return null;
		}
	}

	#readRecord(id: string, value: unknown): TLRecord | null {
		if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
		const raw = value as Partial<TLRecord>;
		if (raw.id !== id || typeof raw.typeName !== 'string' || !this.#documentTypes.has(raw.typeName)) return null;
		let record = structuredClone(value) as TLRecord;
		const stored = this.#storedSchema();
		if (stored && JSON.stringify(stored) !== this.#schemaJson) {
			const migrated = this.#store.schema.migratePersistedRecord(record, stored, 'up');
			if (migrated.type !== 'success') {
				this.#options.warn?.('skipped a canvas record that could not be migrated', { id, reason: migrated.reason });
				return null;
			}
			record = migrated.value;
		}
		const local = withoutOutsideAddresses(record);
		if (local !== record) this.#options.warn?.('removed an outside address from a canvas asset (W3)', { id });
		return this.#store.schema.validateRecord(this.#store, local, 'createRecord', null);
	}

	#apply(puts: TLRecord[], removes: string[]): void {
		if (puts.length === 0 && removes.length === 0) return;
		puts.sort((a, b) => order(a) - order(b));
		const present = removes.filter((id) => this.#store.has(id as TLRecord['id'])) as TLRecord['id'][];
		try {
			this.#store.mergeRemoteChanges(() => {
				if (puts.length) this.#store.put(puts);
				if (present.length) this.#store.remove(present);
			});
		} catch (error) {
			// One record the store refuses (e.g. a dangling reference) must not stop the others.
			this.#options.warn?.('a remote canvas change was refused; applying record by record', { error: String(error) });
			for (const record of puts) {
				try {
					this.#store.mergeRemoteChanges(() => this.#store.put([record]));
				} catch {
					// skipped
				}
			}
			for (const id of present) {
				try {
					this.#store.mergeRemoteChanges(() => this.#store.remove([id]));
				} catch {
					// skipped
				}
			}
		}
	}

	#writeLocal(changes: RecordsDiff<TLRecord>): void {
		if (this.#options.readOnly || this.#incompatible) return;
		this.#doc.transact(() => {
			// One marker describes every record: never write current records under an older one.
			if (this.#outdated()) this.#rewriteAll();
			for (const record of Object.values(changes.added)) this.#records.set(record.id, record);
			for (const [, record] of Object.values(changes.updated)) this.#records.set(record.id, record);
			for (const record of Object.values(changes.removed)) this.#records.delete(record.id);
			if (JSON.stringify(this.#storedSchema()) !== this.#schemaJson) this.#meta.set('schema', this.#schema);
			this.#options.afterLocalChange?.(changes);
		}, Origin.canvas);
	}

	readonly #onRemoteRecords = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
		if (transaction.origin === Origin.canvas || this.#incompatible) return;
		const puts: TLRecord[] = [];
		const removes: string[] = [];
		for (const [id, change] of event.changes.keys) {
			if (change.action === 'delete') removes.push(id);
			else {
				const record = this.#accept(id, this.#records.get(id));
				if (record) puts.push(record);
			}
		}
		this.#apply(puts, removes);
	};

	readonly #onRemoteMeta = (_event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
		if (transaction.origin !== Origin.canvas) this.#checkSchema();
	};
}
