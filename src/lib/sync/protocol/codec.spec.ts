import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { decodeClientMessage, encodeAwareness, encodeSyncStep1, encodeUpdate, MalformedMessageError } from './codec.ts';

describe('decodeClientMessage (M1)', () => {
	it('decodes the y-websocket messages a client sends', () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'hi');
		expect(decodeClientMessage(encodeSyncStep1(doc)).type).toBe('syncStep1');
		const update = decodeClientMessage(encodeUpdate(Y.encodeStateAsUpdate(doc)));
		expect(update.type).toBe('update');
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState({ user: { name: 'A', color: '#000000' } });
		expect(decodeClientMessage(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))).type).toBe('awareness');
		expect(decodeClientMessage(new Uint8Array([3])).type).toBe('queryAwareness');
		expect(decodeClientMessage(new Uint8Array([4, 7]))).toEqual({ type: 'saveReceipt', seq: 7 });
	});

	it.each([
		['empty frame', []],
		['unknown message type', [9]],
		['unknown sync step', [0, 7, 0]],
		['truncated update', [0, 2, 50, 1, 2]],
		['garbage update', [0, 2, 5, 255, 255, 255, 255, 255]],
		['trailing bytes', [3, 0]]
	])('rejects %s', (_name, bytes) => {
		expect(() => decodeClientMessage(new Uint8Array(bytes))).toThrow(MalformedMessageError);
	});

	it('rejects awareness states that are not JSON objects', () => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, 7);
		encoding.writeVarString(encoder, '{not json');
		expect(() => decodeClientMessage(encodeAwareness(encoding.toUint8Array(encoder)))).toThrow(MalformedMessageError);
	});
});
