import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { createTLStore, type TLInstancePresence } from 'tldraw';
import { canvasSchema } from './canvas-schema.ts';
import { presenceRecord, showRemotePresence, type CanvasPresence } from './canvas-presence.ts';

const bobCanvas: CanvasPresence = {
	page: 'page:page',
	cursor: { x: 120, y: 80, type: 'default', rotation: 0 },
	selection: ['shape:factor-f1'],
	brush: null,
	camera: { x: 0, y: 0, z: 1 },
	screen: { x: 0, y: 0, w: 800, h: 600 },
	chat: ''
};

/** Two screens' presence: what `from` publishes arrives at `to` as it would over the socket. */
function relay(from: Awareness, to: Awareness): void {
	applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), 'remote');
}

const presences = (store: ReturnType<typeof createTLStore>) => store.allRecords().filter((r): r is TLInstancePresence => r.typeName === 'instance_presence');

describe('canvas presence (V2)', () => {
	it('shows others with the name and colour of the presence bar, and removes them when they close the canvas', () => {
		const mine = new Awareness(new Y.Doc());
		const bobs = new Awareness(new Y.Doc());
		mine.setLocalState({ user: { name: 'Alice', color: '#b3261e' } });
		bobs.setLocalState({ user: { name: 'Bob', color: '#1f4b99' }, section: 'canvas', canvas: bobCanvas });
		const store = createTLStore({ schema: canvasSchema });
		const stop = showRemotePresence(store, mine);
		relay(bobs, mine);

		const [bob] = presences(store);
		expect(bob).toMatchObject({ userName: 'Bob', color: '#1f4b99', currentPageId: 'page:page', cursor: { x: 120, y: 80 }, selectedShapeIds: ['shape:factor-f1'] });
		// Never our own presence.
		expect(presences(store)).toHaveLength(1);

		bobs.setLocalStateField('canvas', null);
		relay(bobs, mine);
		expect(presences(store)).toEqual([]);
		stop();
		mine.destroy();
		bobs.destroy();
	});

	it('skips malformed presence from other clients instead of showing it half-way', () => {
		expect(presenceRecord(7, 'Eve', '#000000', { page: 'not-a-page' }, 0)).toBeNull();
		expect(presenceRecord(7, 'Eve', '#000000', 'nonsense', 0)).toBeNull();
		const odd = presenceRecord(7, 'Eve', '#000000', { ...bobCanvas, cursor: { x: 'far', y: 1, type: 'default', rotation: 0 }, selection: ['shape:a', 42, 'page:x'], chat: 'x'.repeat(500) }, 0)!;
		expect(odd.cursor).toBeNull();
		expect(odd.selectedShapeIds).toEqual(['shape:a']);
		expect(odd.chatMessage).toHaveLength(200);
	});
});
