/**
 * The message codec: every frame Debrief's server and browser exchange is written and read
 * here, so the server, the browser and the tests speak one encoding (message types in
 * constants.ts, rules M1 and P2 in docs/protocol.md). Browser-safe: no Node APIs.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from './constants.ts';

export class MalformedMessageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MalformedMessageError';
	}
}

/** A decoded client message, checked and ready for the room. */
export type ClientMessage =
	| { type: 'syncStep1'; stateVector: Uint8Array }
	| { type: 'update'; update: Uint8Array; decoded: ReturnType<typeof Y.decodeUpdate> }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'queryAwareness' }
	| { type: 'saveReceipt'; seq: number };

/** Decodes and validates one binary frame (M1). Throws MalformedMessageError for anything else. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
	try {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		let message: ClientMessage;
		switch (type) {
			case MessageType.sync: {
				const step = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (step === syncProtocol.messageYjsSyncStep1) {
					Y.decodeStateVector(payload);
					message = { type: 'syncStep1', stateVector: payload };
				} else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
					// Decoding the whole update proves it is well-formed; the room checks what it holds.
					message = { type: 'update', update: payload, decoded: Y.decodeUpdate(payload) };
				} else {
					throw new MalformedMessageError(`unknown sync step ${step}`);
				}
				break;
			}
			case MessageType.awareness: {
				const update = decoding.readVarUint8Array(decoder);
				checkAwarenessUpdate(update);
				message = { type: 'awareness', update };
				break;
			}
			case MessageType.queryAwareness:
				message = { type: 'queryAwareness' };
				break;
			case MessageType.saveReceipt:
				message = { type: 'saveReceipt', seq: decoding.readVarUint(decoder) };
				break;
			default:
				throw new MalformedMessageError(`unknown message type ${type}`);
		}
		if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after the message');
		return message;
	} catch (error) {
		if (error instanceof MalformedMessageError) throw error;
		throw new MalformedMessageError(error instanceof Error ? error.message : String(error));
	}
}

/** Awareness states are JSON; parse them all before the room applies any of them. */
function checkAwarenessUpdate(update: Uint8Array): void {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) {
		decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		const state = JSON.parse(decoding.readVarString(decoder));
		if (state !== null && typeof state !== 'object') throw new MalformedMessageError('awareness state must be an object or null');
	}
	if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes in awareness update');
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeSaveReceipt(seq: number, saved: boolean): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.saveReceipt);
	encoding.writeVarUint(encoder, seq);
	encoding.writeVarUint(encoder, saved ? 1 : 0);
	return encoding.toUint8Array(encoder);
}

/** The browser's request (client → server): answer `seq` once everything sent before it is handled. */
export function encodeSaveReceiptRequest(seq: number): Uint8Array<ArrayBuffer> {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.saveReceipt);
	encoding.writeVarUint(encoder, seq);
	return encoding.toUint8Array(encoder);
}

/** The server's answer to a save receipt request, read after its message type (P2, R4). */
export function readSaveReceipt(decoder: decoding.Decoder): { seq: number; saved: boolean } {
	const seq = decoding.readVarUint(decoder);
	return { seq, saved: decoding.readVarUint(decoder) === 1 };
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.awareness);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A frame the server sends, as tests and tools read it. */
export type ServerMessage =
	| { type: 'syncStep1'; stateVector: Uint8Array }
	| { type: 'syncStep2'; update: Uint8Array }
	| { type: 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'saveReceipt'; seq: number; saved: boolean }
	| { type: 'other'; messageType: number };

/** Reads one frame from the server. Does not validate its payload: the server is trusted. */
export function decodeServerMessage(frame: Uint8Array): ServerMessage {
	const decoder = decoding.createDecoder(frame);
	const type = decoding.readVarUint(decoder);
	switch (type) {
		case MessageType.sync: {
			const step = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (step === syncProtocol.messageYjsSyncStep1) return { type: 'syncStep1', stateVector: payload };
			return step === syncProtocol.messageYjsSyncStep2 ? { type: 'syncStep2', update: payload } : { type: 'update', update: payload };
		}
		case MessageType.awareness:
			return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
		case MessageType.saveReceipt:
			return { type: 'saveReceipt', ...readSaveReceipt(decoder) };
		default:
			return { type: 'other', messageType: type };
	}
}
