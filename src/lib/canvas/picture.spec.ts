import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { isPictureLeader } from './picture.ts';

/** Screens on one board, each with its own awareness. */
function screens(clientIds: number[]): Awareness[] {
	return clientIds.map((id) => {
		const doc = new Y.Doc();
		doc.clientID = id;
		return new Awareness(doc);
	});
}

/** Delivers what `from` publishes to every other screen, as the server's relay does. */
function publish(from: Awareness, to: Awareness[]): void {
	for (const screen of to) if (screen !== from) applyAwarenessUpdate(screen, encodeAwarenessUpdate(from, [from.clientID]), 'relay');
}

describe('K1: one browser uploads the canvas picture', () => {
	it('is the screen with the lowest client id among those with the canvas open, and every screen agrees', () => {
		const [a, b, c] = screens([30, 10, 20]);
		a.setLocalStateField('canvas', true);
		b.setLocalStateField('user', { name: 'B' }); // 10 has the board open but not the canvas
		c.setLocalStateField('canvas', true);
		for (const screen of [a, b, c]) publish(screen, [a, b, c]);
		expect([a, b, c].map(isPictureLeader)).toEqual([false, false, true]);

		// The leader closes the canvas: the next lowest takes over.
		c.setLocalStateField('canvas', null);
		publish(c, [a, b]);
		expect([a, b, c].map(isPictureLeader)).toEqual([true, false, false]);
	});

	it('is nobody when no screen has the canvas open', () => {
		const [a] = screens([5]);
		expect(isPictureLeader(a)).toBe(false);
	});
});
