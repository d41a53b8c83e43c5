/**
 * Presence on the canvas: live cursors, names and selections, carried in the board's awareness
 * state (a `canvas` field beside `user` and `section`, see docs/protocol.md) and shown with the
 * same names and colours as the presence bar. Nothing here touches the Yjs document (rules V1
 * and V2 in docs/schema.md, "The factor canvas"):
 * - V1 the local cursor, selection, page and viewport are published at most every
 *   PUBLISH_INTERVAL_MS while the canvas is open (removed when it closes);
 * - V2 other people's become tldraw `instance_presence` records, applied with
 *   `mergeRemoteChanges` (never persisted, never undoable), checked like any remote input.
 */
import type { Awareness } from 'y-protocols/awareness';
import {
	createPresenceStateDerivation,
	createUserId,
	InstancePresenceRecordType,
	react,
	type Signal,
	type TLInstancePresence,
	type TLStore,
	type TLUser
} from 'tldraw';
import { participants } from '../sync/presence.ts';

export const PUBLISH_INTERVAL_MS = 50;

/** What one screen publishes about its canvas in the awareness state (field `canvas`). */
export interface CanvasPresence {
	page: string;
	cursor: { x: number; y: number; type: string; rotation: number } | null;
	selection: string[];
	brush: { x: number; y: number; w: number; h: number } | null;
	camera: { x: number; y: number; z: number } | null;
	screen: { x: number; y: number; w: number; h: number } | null;
	chat: string;
}

/** The tldraw user id of a screen: its awareness client id, so each tab is its own collaborator. */
export const canvasUserId = (clientId: number) => createUserId(`debrief-${clientId}`);

function toCanvasPresence(p: TLInstancePresence): CanvasPresence {
	return {
		page: p.currentPageId,
		cursor: p.cursor ? { x: p.cursor.x, y: p.cursor.y, type: p.cursor.type, rotation: p.cursor.rotation } : null,
		selection: [...p.selectedShapeIds],
		brush: p.brush ? { ...p.brush } : null,
		camera: p.camera ? { ...p.camera } : null,
		screen: p.screenBounds ? { ...p.screenBounds } : null,
		chat: p.chatMessage
	};
}

/** V1: publishes this screen's canvas presence until the returned function is called. */
export function publishCanvasPresence(store: TLStore, awareness: Awareness, $user: Signal<TLUser | null>): () => void {
	// Observers announce nothing (their awareness state is null) and so publish nothing.
	if (!awareness.getLocalState()) return () => {};
	const $presence = createPresenceStateDerivation($user)(store);
	let timer: ReturnType<typeof setTimeout> | null = null;
	let last = 0;
	let lastJson = '';
	const publish = () => {
		timer = null;
		last = Date.now();
		const presence = $presence.get();
		if (!presence || !awareness.getLocalState()) return;
		const value = toCanvasPresence(presence);
		const json = JSON.stringify(value);
		if (json === lastJson) return;
		lastJson = json;
		awareness.setLocalStateField('canvas', value);
	};
	const stop = react('publish canvas presence', () => {
		$presence.get();
		if (timer) return;
		timer = setTimeout(publish, Math.max(0, PUBLISH_INTERVAL_MS - (Date.now() - last)));
	});
	return () => {
		stop();
		if (timer) clearTimeout(timer);
		if (awareness.getLocalState()) awareness.setLocalStateField('canvas', null);
	};
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const box = (b: unknown) => {
	const v = b as { x?: unknown; y?: unknown; w?: unknown; h?: unknown } | null;
	return v && finite(v.x) && finite(v.y) && finite(v.w) && finite(v.h) ? { x: v.x, y: v.y, w: v.w, h: v.h } : null;
};

/** Someone else's published state as a presence record, or null when it is not usable. */
export function presenceRecord(clientId: number, name: string, color: string, raw: unknown, now: number): TLInstancePresence | null {
	if (!raw || typeof raw !== 'object') return null;
	const c = raw as Partial<Record<keyof CanvasPresence, unknown>>;
	if (typeof c.page !== 'string' || !c.page.startsWith('page:')) return null;
	const cursor = c.cursor as CanvasPresence['cursor'] | undefined;
	const camera = c.camera as CanvasPresence['camera'] | undefined;
	const selection = Array.isArray(c.selection) ? c.selection.filter((id): id is string => typeof id === 'string' && id.startsWith('shape:')).slice(0, 500) : [];
	return InstancePresenceRecordType.create({
		id: InstancePresenceRecordType.createId(`debrief-${clientId}`),
		userId: canvasUserId(clientId),
		userName: name,
		color,
		currentPageId: c.page as TLInstancePresence['currentPageId'],
		cursor: cursor && finite(cursor.x) && finite(cursor.y) && finite(cursor.rotation) && typeof cursor.type === 'string' ? { x: cursor.x, y: cursor.y, rotation: cursor.rotation, type: cursor.type as NonNullable<TLInstancePresence['cursor']>['type'] } : null,
		selectedShapeIds: selection as TLInstancePresence['selectedShapeIds'],
		brush: box(c.brush),
		camera: camera && finite(camera.x) && finite(camera.y) && finite(camera.z) ? { x: camera.x, y: camera.y, z: camera.z } : null,
		screenBounds: box(c.screen),
		chatMessage: typeof c.chat === 'string' ? c.chat.slice(0, 200) : '',
		lastActivityTimestamp: now
	});
}

/** V2: keeps the store's presence records equal to what the others publish, until the returned function is called. */
export function showRemotePresence(store: TLStore, awareness: Awareness): () => void {
	const shown = new Map<number, string>();
	const update = () => {
		const now = Date.now();
		const puts: TLInstancePresence[] = [];
		const seen = new Set<number>();
		for (const person of participants(awareness)) {
			if (person.isMe) continue;
			const raw = (awareness.getStates().get(person.clientId) as { canvas?: unknown } | undefined)?.canvas;
			const record = presenceRecord(person.clientId, person.name, person.color, raw, now);
			if (!record) continue;
			seen.add(person.clientId);
			// Unchanged presence keeps its activity time, so tldraw can tell idle people apart.
			const json = JSON.stringify({ ...record, lastActivityTimestamp: 0 });
			if (shown.get(person.clientId) === json) continue;
			try {
				puts.push(store.schema.validateRecord(store, record, 'createRecord', null) as TLInstancePresence);
				shown.set(person.clientId, json);
			} catch {
				// A malformed state from another client is skipped, never shown half-way.
			}
		}
		const gone = [...shown.keys()].filter((clientId) => !seen.has(clientId));
		for (const clientId of gone) shown.delete(clientId);
		const removes = gone.map((clientId) => InstancePresenceRecordType.createId(`debrief-${clientId}`)).filter((id) => store.has(id));
		if (puts.length === 0 && removes.length === 0) return;
		store.mergeRemoteChanges(() => {
			if (puts.length) store.put(puts);
			if (removes.length) store.remove(removes);
		});
	};
	awareness.on('change', update);
	update();
	return () => {
		awareness.off('change', update);
		const ids = [...shown.keys()].map((clientId) => InstancePresenceRecordType.createId(`debrief-${clientId}`)).filter((id) => store.has(id));
		if (ids.length) store.mergeRemoteChanges(() => store.remove(ids));
	};
}
