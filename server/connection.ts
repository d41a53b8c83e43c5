/**
 * One websocket speaking the y-websocket protocol to one room. Every incoming message is
 * checked before it touches the room (rules M1–M4 in docs/protocol.md); anything that does
 * not decode closes this connection only, with a documented code.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import { CloseCode, CloseReason, MessageType, canWrite, type DocName, type Role } from '../src/lib/sync/protocol.ts';
import type { Peer, Room } from './room.ts';
import type { FrameGate } from './limits/frame-gate.ts';
import type { GateIo } from './limits/limits.ts';
import { describeError, type Logger } from './log.ts';

/** How long a closed peer may take to answer the close handshake before it is cut off. */
const CLOSE_GRACE_MS = 2000;

export class MalformedMessageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MalformedMessageError';
	}
}

/** A decoded client message, checked and ready for the room. */
export type ClientMessage =
	| { type: 'syncStep1'; stateVector: Uint8Array }
	| { type: 'update'; update: Uint8Array }
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
					// Decoding the whole update proves it is well-formed before it is stored.
					Y.decodeUpdate(payload);
					message = { type: 'update', update: payload };
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
		throw new MalformedMessageError(describeError(error));
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

export function encodeAwareness(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.awareness);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export interface ConnectionInfo {
	boardId: string;
	docName: DocName;
	role: Role;
	/** For logs only; never the secret. */
	remote: string;
	/** The per-connection rate limits every frame passes first (L1–L4). */
	openGate: (io: GateIo) => FrameGate;
}

/** Serves one websocket until it closes. `room` resolves once the document is loaded. */
export class Connection implements Peer {
	readonly ws: WebSocket;
	readonly role: Role;
	readonly boardId: string;
	readonly docName: DocName;
	readonly canWrite: boolean;
	readonly #info: ConnectionInfo;
	readonly #log: Logger;
	#room: Room | null = null;
	#alive = true;
	#gate: FrameGate | null = null;
	/** Set once the server decided to close: nothing this peer sends counts any more. */
	#closing = false;

	constructor(ws: WebSocket, info: ConnectionInfo, log: Logger) {
		this.ws = ws;
		this.role = info.role;
		this.boardId = info.boardId;
		this.docName = info.docName;
		this.canWrite = canWrite(info.role, info.docName);
		this.#info = info;
		this.#log = log;
	}

	send(message: Uint8Array): void {
		if (this.ws.readyState === this.ws.OPEN) this.ws.send(message, (error) => error && this.ws.terminate());
	}

	/**
	 * Closes with a code and stops accepting this peer's messages at once. A peer that does
	 * not answer the close handshake is cut off after a short grace period.
	 */
	close(code: CloseCode, reason: string = CloseReason[code]): void {
		this.#closing = true;
		this.#gate?.discard();
		if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
			this.ws.close(code, reason);
			setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
		}
	}

	/** Starts listening at once (so no early frame is missed) and joins the room when it is ready. */
	serve(roomReady: Promise<Room>): void {
		const early: Array<{ data: Uint8Array; isBinary: boolean }> = [];
		const accept = (bytes: Uint8Array, isBinary: boolean) => {
			if (this.#room) this.#receive(this.#room, bytes, isBinary);
			else early.push({ data: bytes, isBinary });
		};
		// Rate limits come first, before any decoding or the room's queue (L1–L4, L11).
		const gate = this.#info.openGate({ deliver: accept, flood: (reason) => this.#rateLimited(reason), pause: () => this.ws.pause(), resume: () => this.ws.resume() });
		this.#gate = gate;
		this.ws.on('message', (data: Buffer, isBinary: boolean) => gate.offer(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), isBinary));
		this.ws.on('pong', () => (this.#alive = true));
		this.ws.on('error', (error) => this.#log.warn('websocket error', { ...this.#where(), error: describeError(error) }));
		this.ws.on('close', () => {
			this.#room?.removePeer(this);
			this.#room = null;
		});
		roomReady.then(
			(room) => {
				if (this.ws.readyState !== this.ws.OPEN) {
					room.releaseIfIdle();
					return;
				}
				this.#room = room;
				room.addPeer(this);
				void room.enqueue(() => {
					this.send(encodeSyncStep1(room.doc));
					const states = [...room.awareness.getStates().keys()];
					if (states.length > 0) this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, states)));
				});
				for (const message of early) this.#receive(room, message.data, message.isBinary);
			},
			(error) => {
				this.#log.error('board could not be loaded', { ...this.#where(), error: describeError(error) });
				this.close(CloseCode.storageUnavailable);
			}
		);
	}

	/** Liveness check driven by the server's heartbeat; a silent peer is cut off. */
	heartbeat(): void {
		if (!this.#alive) {
			this.ws.terminate();
			return;
		}
		this.#alive = false;
		this.ws.ping();
	}

	#receive(room: Room, data: Uint8Array, isBinary: boolean): void {
		if (this.#closing) return;
		let message: ClientMessage;
		try {
			if (!isBinary) throw new MalformedMessageError('text frames are not part of the protocol');
			message = decodeClientMessage(data);
		} catch (error) {
			this.#log.warn('malformed message; closing the connection', { ...this.#where(), error: describeError(error) });
			this.close(CloseCode.malformedMessage);
			return;
		}
		void room
			.enqueue(() => this.#handle(room, message))
			.catch((error) => {
				this.#log.warn('message could not be applied; closing the connection', { ...this.#where(), error: describeError(error) });
				this.close(CloseCode.malformedMessage);
			});
	}

	async #handle(room: Room, message: ClientMessage): Promise<void> {
		if (this.#closing || room.closed || this.#room !== room) return;
		switch (message.type) {
			case 'syncStep1':
				this.send(encodeSyncStep2(room.doc, message.stateVector));
				return;
			case 'update':
				// Read-only connections receive everything but their edits go nowhere (R2, F1).
				if (this.canWrite) await room.receiveUpdate(message.update, this);
				return;
			case 'awareness':
				// Observers are not shown to others, so their presence is not relayed.
				if (this.canWrite && !room.receiveAwareness(message.update, this)) this.#gate?.exceeded('too many presence ids');
				return;
			case 'saveReceipt':
				// The room's queue has handled (stored, or kept for retry) everything sent before this.
				this.send(encodeSaveReceipt(message.seq, room.allSaved));
				return;
			case 'queryAwareness':
				this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])));
				return;
		}
	}

	#rateLimited(reason: string): void {
		this.#log.warn('rate limit exceeded; closing the connection', { ...this.#where(), reason });
		// The rest of a flood is not even read; the socket is cut off after the close grace period.
		this.ws.pause();
		this.close(CloseCode.rateLimited);
	}

	#where(): Record<string, unknown> {
		return { board: this.#info.boardId, role: this.#info.role, remote: this.#info.remote };
	}
}
