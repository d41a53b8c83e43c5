import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTLStore, defaultShapeUtils, toRichText, type TLRecord, type TLShape, type TLStore } from 'tldraw';
import { CanvasBridge } from './tldraw-bridge.ts';
import { canvasSchema } from './canvas-schema.ts';
import { Origin, canvasMeta, canvasRecords } from '../board/schema.ts';
import { WRONG_VALUES, copyOf } from '../../../tests/fixtures/malformed-board.ts';

interface Fixture {
	schema: { schemaVersion: number; sequences: Record<string, number> };
	records: Record<string, Record<string, unknown>>;
}
const fixture = JSON.parse(readFileSync(new URL('../../../tests/fixtures/canvas-tldraw-note-v7.json', import.meta.url), 'utf8')) as Fixture;

/** A board document holding the canvas exactly as the older version stored it. */
function storedByOlderVersion(): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const [id, record] of Object.entries(fixture.records)) canvasRecords(doc).set(id, record);
		canvasMeta(doc).set('schema', fixture.schema);
	}, 'older-version');
	return doc;
}

const newStore = () => createTLStore({ schema: canvasSchema });
const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

const GeoUtil = defaultShapeUtils.find((util) => util.type === 'geo')!;
/** A valid geo shape, with the schema's own default props so the test does not restate them. */
function geoShape(id: string, x: number): TLRecord {
	const props = new GeoUtil({} as never).getDefaultProps();
	return { id, typeName: 'shape', type: 'geo', x, y: 0, rotation: 0, index: 'a5', parentId: 'page:page', isLocked: false, opacity: 1, meta: {}, props } as unknown as TLRecord;
}

describe('loading a canvas stored by an older tldraw schema (B4)', () => {
	it('migrates the records from the stored fixture and, once synced, rewrites them under the current schema', () => {
		const doc = storedByOlderVersion();
		let writes = 0;
		doc.on('update', () => writes++);
		const store = newStore();
		const bridge = new CanvasBridge(store, doc, { readOnly: false });
		// Loading alone writes nothing: the copy may be a stale offline one.
		expect(writes).toBe(0);
		bridge.upgrade();

		const note = store.get('shape:note1' as TLRecord['id']) as TLShape & { props: Record<string, unknown> };
		expect(note.props).toMatchObject({ richText: toRichText('Pager fired 9 minutes late'), labelColor: 'black', fontSizeAdjustment: 1, textLastEditedBy: null });
		expect(note.props).not.toHaveProperty('text');
		expect(store.get('shape:factor-f1' as TLRecord['id'])).toMatchObject({ props: { factorId: 'f1' } });

		// The document now holds current records and says so.
		expect(canvasMeta(doc).get('schema')).toEqual(canvasSchema.serialize());
		expect((canvasRecords(doc).get('shape:note1') as { props: object }).props).toEqual(note.props);

		// A second screen loads the rewritten records without migrating again.
		const other = newStore();
		new CanvasBridge(other, doc, { readOnly: false });
		expect(other.get('shape:note1' as TLRecord['id'])).toEqual(note);
		bridge.destroy();
	});

	it('rewrites every record before its first own write, so one schema marker describes them all', () => {
		const doc = storedByOlderVersion();
		const store = newStore();
		const bridge = new CanvasBridge(store, doc, { readOnly: false });
		store.put([geoShape('shape:new', 0)]);
		bridge.flush();
		expect(canvasMeta(doc).get('schema')).toEqual(canvasSchema.serialize());
		expect((canvasRecords(doc).get('shape:note1') as { props: object }).props).toMatchObject({ richText: toRichText('Pager fired 9 minutes late') });
		expect(canvasRecords(doc).get('shape:new')).toMatchObject({ type: 'geo' });
		const other = newStore();
		new CanvasBridge(other, doc, { readOnly: true });
		expect(other.get('shape:note1' as TLRecord['id'])).toEqual(store.get('shape:note1' as TLRecord['id']));
	});

	it('on a read-only screen migrates in memory and writes nothing', () => {
		const doc = storedByOlderVersion();
		let writes = 0;
		doc.on('update', () => writes++);
		const store = newStore();
		new CanvasBridge(store, doc, { readOnly: true }).upgrade();
		expect((store.get('shape:note1' as TLRecord['id']) as TLShape & { props: object }).props).toMatchObject({ richText: toRichText('Pager fired 9 minutes late') });
		expect(writes).toBe(0);
		expect(canvasMeta(doc).get('schema')).toEqual(fixture.schema);
	});

	it('leaves a canvas written by a newer version untouched and reports it', () => {
		const doc = storedByOlderVersion();
		const newer = structuredClone(fixture.schema);
		newer.sequences['com.tldraw.shape.note'] = 99;
		canvasMeta(doc).set('schema', newer);
		let reported = false;
		const store = newStore();
		const bridge = new CanvasBridge(store, doc, { readOnly: false, onIncompatible: () => (reported = true) });
		expect(reported).toBe(true);
		expect(bridge.compatible).toBe(false);
		expect(store.has('shape:note1' as TLRecord['id'])).toBe(false);

		let writes = 0;
		doc.on('update', () => writes++);
		store.put([geoShape('shape:local', 0)]);
		bridge.flush();
		expect(writes).toBe(0);
	});
});

describe('syncing records through the board document', () => {
	function pair() {
		const docA = new Y.Doc();
		const docB = new Y.Doc();
		const storeA = newStore();
		const storeB = newStore();
		const bridgeA = new CanvasBridge(storeA, docA, { readOnly: false });
		const bridgeB = new CanvasBridge(storeB, docB, { readOnly: false });
		return { docA, docB, storeA, storeB, bridgeA, bridgeB };
	}

	it('B2: writes a local change (made before any sync) to the document with the canvas origin and the schema', () => {
		const { docA, storeA, bridgeA } = pair();
		const origins: unknown[] = [];
		docA.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
		storeA.put([geoShape('shape:a', 10)]);
		bridgeA.flush();
		expect(canvasRecords(docA).get('shape:a')).toMatchObject({ id: 'shape:a', x: 10 });
		expect(canvasMeta(docA).get('schema')).toEqual(canvasSchema.serialize());
		expect(origins).toEqual([Origin.canvas]);
	});

	it('B3: applies remote additions, updates and deletions, and never echoes them', () => {
		const { docA, docB, storeA, storeB, bridgeA, bridgeB } = pair();
		storeA.put([geoShape('shape:a', 10)]);
		bridgeA.flush();
		// B's store gets tldraw's default document and page on first use; those are B's own.
		// What came from A must never be written back by B.
		const echoes: string[] = [];
		canvasRecords(docB).observe((event, tx) => tx.origin === Origin.canvas && echoes.push(...[...event.keysChanged].filter((id) => id.startsWith('shape:'))));
		sync(docA, docB);
		bridgeB.flush();
		expect(storeB.get('shape:a' as TLRecord['id'])).toMatchObject({ x: 10 });

		storeA.update('shape:a' as TLRecord['id'], (r) => ({ ...r, x: 99 }) as TLRecord);
		bridgeA.flush();
		sync(docA, docB);
		bridgeB.flush();
		expect(storeB.get('shape:a' as TLRecord['id'])).toMatchObject({ x: 99 });

		storeA.remove(['shape:a' as TLRecord['id']]);
		bridgeA.flush();
		sync(docA, docB);
		bridgeB.flush();
		expect(storeB.has('shape:a' as TLRecord['id'])).toBe(false);
		expect(echoes).toEqual([]);
	});

	it('B1: concurrent edits of different shapes both survive; of one shape, one whole record wins everywhere', () => {
		const { docA, docB, storeA, storeB, bridgeA, bridgeB } = pair();
		storeA.put([geoShape('shape:a', 1), geoShape('shape:shared', 0)]);
		bridgeA.flush();
		sync(docA, docB);
		storeA.update('shape:shared' as TLRecord['id'], (r) => ({ ...r, x: 100 }) as TLRecord);
		storeB.update('shape:shared' as TLRecord['id'], (r) => ({ ...r, y: 200 }) as TLRecord);
		storeB.put([geoShape('shape:b', 2)]);
		bridgeA.flush();
		bridgeB.flush();
		sync(docA, docB);
		sync(docB, docA);
		const ids = (s: TLStore) => s.allRecords().filter((r) => r.typeName === 'shape').map((r) => r.id).sort();
		expect(ids(storeA)).toEqual(['shape:a', 'shape:b', 'shape:shared']);
		expect(ids(storeB)).toEqual(ids(storeA));
		expect(storeA.get('shape:shared' as TLRecord['id'])).toEqual(storeB.get('shape:shared' as TLRecord['id']));
	});

	it('B3: skips records from others that are invalid or not document records', () => {
		const { docB, storeB } = pair();
		docB.transact(() => {
			canvasRecords(docB).set('shape:bad', { id: 'shape:bad', typeName: 'shape', type: 'geo', props: { w: 'wide' } });
			canvasRecords(docB).set('shape:mismatch', { id: 'shape:other', typeName: 'shape' });
			canvasRecords(docB).set('instance:instance', { id: 'instance:instance', typeName: 'instance' });
			canvasRecords(docB).set('shape:ok', geoShape('shape:ok', 5));
		}, 'remote');
		expect(storeB.has('shape:ok' as TLRecord['id'])).toBe(true);
		for (const id of ['shape:bad', 'shape:mismatch', 'shape:other']) expect(storeB.has(id as TLRecord['id'])).toBe(false);
	});

	it('W3: keeps an asset a remote client wrote, without any outside address; data: images stay', () => {
		const { docB, storeB } = pair();
		const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
		const image = (id: string, src: string) => ({ id, typeName: 'asset', type: 'image', meta: {}, props: { src, w: 1, h: 1, name: 'pixel.png', isAnimated: false, mimeType: 'image/png', fileSize: 68 } });
		docB.transact(() => {
			canvasRecords(docB).set('asset:tracker', image('asset:tracker', 'https://tracker.example/pixel.png?board=1'));
			canvasRecords(docB).set('asset:relative', image('asset:relative', '//tracker.example/p.png'));
			canvasRecords(docB).set('asset:video', { ...image('asset:video', 'http://tracker.example/v.mp4'), type: 'video', props: { src: 'http://tracker.example/v.mp4', w: 1, h: 1, name: 'v', isAnimated: true, mimeType: 'video/mp4', fileSize: 1 } });
			canvasRecords(docB).set('asset:pasted', image('asset:pasted', pixel));
			canvasRecords(docB).set('asset:bookmark', {
				id: 'asset:bookmark',
				typeName: 'asset',
				type: 'bookmark',
				meta: {},
				props: { src: 'https://example.com/runbook', title: 'Runbook', description: '', image: 'https://tracker.example/og.png', favicon: 'https://tracker.example/favicon.ico' }
			});
		}, 'remote');
		const asset = (id: string) => storeB.get(id as TLRecord['id']) as { props: Record<string, unknown> } | undefined;
		for (const id of ['asset:tracker', 'asset:relative', 'asset:video']) expect(asset(id)?.props.src, id).toBeNull();
		expect(asset('asset:pasted')?.props.src).toBe(pixel);
		// A bookmark keeps its link (followed only on a click), never a picture from elsewhere.
		expect(asset('asset:bookmark')?.props).toMatchObject({ src: 'https://example.com/runbook', image: '', favicon: '' });
		// Nothing the store holds names the outside host.
		expect(JSON.stringify(storeB.allRecords())).not.toContain('tracker.example');
	});

	it('B5: a read-only screen shows remote changes and writes nothing of its own', () => {
		const doc = new Y.Doc();
		const store = newStore();
		const bridge = new CanvasBridge(store, doc, { readOnly: true });
		let writes = 0;
		doc.on('update', () => writes++);
		store.put([geoShape('shape:mine', 0)]);
		bridge.flush();
		expect(writes).toBe(0);
		doc.transact(() => canvasRecords(doc).set('shape:theirs', geoShape('shape:theirs', 1)), 'remote');
		expect(store.has('shape:theirs' as TLRecord['id'])).toBe(true);
	});
});

describe('malformed canvas data from other clients', () => {
	/** A board whose canvas holds one good shape and, beside it, what `write` adds. */
	function canvasWith(write: (doc: Y.Doc) => void): Y.Doc {
		const attacker = new Y.Doc();
		canvasRecords(attacker).set('shape:ok', geoShape('shape:ok', 5));
		canvasMeta(attacker).set('schema', canvasSchema.serialize());
		write(attacker);
		return copyOf(attacker);
	}

	it('E1: a canvas record of any kind of value is skipped; the good ones load, locally and when they arrive', () => {
		for (const [what, make] of WRONG_VALUES) {
			const store = newStore();
			const doc = canvasWith((d) => canvasRecords(d).set('shape:bad', make()));
			const bridge = new CanvasBridge(store, doc, { readOnly: false });
			expect(store.has('shape:ok' as TLRecord['id']), what).toBe(true);
			expect(store.has('shape:bad' as TLRecord['id']), what).toBe(false);
			doc.transact(() => canvasRecords(doc).set('shape:late', make()), 'remote');
			expect(store.has('shape:late' as TLRecord['id']), what).toBe(false);
			expect(bridge.compatible, what).toBe(true);
			bridge.destroy();
		}
	});

	it('E3: a malformed schema marker is ignored: the canvas loads, stays writable, and the next write replaces the marker', () => {
		const markers: unknown[] = [{ schemaVersion: 99 }, {}, { schemaVersion: 2 }, { schemaVersion: 2, sequences: { 'com.tldraw.shape': 'newest' } }, ...WRONG_VALUES.map(([, make]) => make())];
		for (const marker of markers) {
			const doc = canvasWith((d) => canvasMeta(d).set('schema', marker));
			const label = JSON.stringify(marker) ?? String(marker);
			let reported = false;
			const store = newStore();
			const bridge = new CanvasBridge(store, doc, { readOnly: false, onIncompatible: () => (reported = true) });
			expect(reported, label).toBe(false);
			expect(bridge.compatible, label).toBe(true);
			expect(store.has('shape:ok' as TLRecord['id']), label).toBe(true);
			store.put([geoShape('shape:mine', 1)]);
			bridge.flush();
			expect(canvasRecords(doc).get('shape:mine'), label).toMatchObject({ type: 'geo' });
			expect(canvasMeta(doc).get('schema'), label).toEqual(canvasSchema.serialize());
			bridge.destroy();
		}
	});

	it('E3: a malformed marker arriving later does not turn an open canvas read-only', () => {
		const doc = canvasWith(() => {});
		let reported = false;
		const bridge = new CanvasBridge(newStore(), doc, { readOnly: false, onIncompatible: () => (reported = true) });
		doc.transact(() => canvasMeta(doc).set('schema', { schemaVersion: 99 }), 'remote');
		expect(reported).toBe(false);
		expect(bridge.compatible).toBe(true);
	});
});
