/**
 * One websocket speaking the y-websocket protocol to one room. Every incoming message is
 * checked before it touches the room (rules M1–M4 in docs/protocol.md); anything that does
 * not decode, or that the room refuses (U1–U4, S1–S6), closes this connection only, with a
 * documented code. What a peer sent before it went away is still handled (R7).
 */
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import { CloseCode, CloseReason, MessageType, canWrite, type DocName, type Role } from '../../src/lib/sync/protocol/constants.ts';
import { decodeClientMessage, encodeAwareness, encodeSaveReceipt, encodeSyncStep1, encodeSyncStep2, MalformedMessageError, type ClientMessage } from '../../src/lib/sync/protocol/codec.ts';
import type { Peer, Room } from './room.ts';
import { UpdateRefusedError } from './update-check.ts';
import type { FrameGate } from '../limits/frame-gate.ts';
import type { GateIo } from '../limits/limits.ts';
import { describeError, type Logger } from '../log.ts';

/** How long a closed peer may take to answer the close handshake before it is cut off. */
const CLOSE_GRACE_MS = 2000;

/** y-protocols' sync step 2 (the reply to a state vector: everything the other side lacks). */
const SYNC_STEP_2 = syncProtocol.messageYjsSyncStep2;

/** A close reason fits in 123 bytes of UTF-8; longer ones are cut at a character boundary. */
function closeReason(text: string): string {
	let reason = text;
	while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
	return reason;
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
	/** Set when the server closed it for cause (revoked link, refused or malformed input): even
	 * what it sent before that is dropped. A peer that leaves by itself keeps what it sent (R7). */
	#discarded = false;
	/** Whether a frame over MAX_MESSAGE_BYTES was already allowed as this peer's sync step 2 (M5). */
	#largeSyncUsed = false;
	/** The last save receipt answered, so a later "all saved" can be announced (R4). */
	#lastReceipt: { seq: number; saved: boolean } | null = null;
	readonly #maxMessageBytes: number;
	#gate: FrameGate | null = null;
	/** Set once this connection left its room (after its last received frame was handled). */
	#left = false;

	constructor(ws: WebSocket, info: ConnectionInfo, log: Logger, maxMessageBytes = Infinity) {
		this.ws = ws;
		this.role = info.role;
		this.boardId = info.boardId;
		this.docName = info.docName;
		this.canWrite = canWrite(info.role, info.docName);
		this.#info = info;
		this.#log = log;
		this.#maxMessageBytes = maxMessageBytes;
	}

	send(message: Uint8Array): void {
		if (this.ws.readyState === this.ws.OPEN) this.ws.send(message, (error) => error && this.ws.terminate());
	}

	/**
	 * Closes with a code. Unless the server is restarting, this peer's messages stop counting
	 * at once, even those still queued. A peer that does not answer the close handshake is cut
	 * off after a short grace period.
	 */
	close(code: CloseCode, reason: string = CloseReason[code]): void {
		if (code === CloseCode.serverRestarting) {
			// Closing because the server restarts is no judgement of what the peer sent: what
			// waits for the rate goes to the room now, before the room is stored (R7, D2).
			this.#gate?.flush();
		} else if (code !== CloseCode.rateLimited) {
			// Closed for cause: nothing it sent counts any more, even what is queued.
			this.#discarded = true;
			this.#gate?.discard();
		}
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
			if (this.#room) this.#leaveWhenDrained(this.#room);
		});
		roomReady.then(
			(room) => {
				this.#room = room;
				room.addPeer(this);
				const open = this.ws.readyState === this.ws.OPEN;
				if (open) {
					void room.enqueue(() => {
						this.send(encodeSyncStep1(room.doc));
						const states = [...room.awareness.getStates().keys()];
						if (states.length > 0) this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, states)));
					});
				}
				for (const message of early.splice(0)) this.#receive(room, message.data, message.isBinary);
				// Gone before the room was ready: its edits still count (R7), then it leaves.
				if (!open) this.#leaveWhenDrained(room);
			},
			(error) => {
				this.#log.error('board could not be loaded', { ...this.#where(), error: describeError(error) });
				this.close(CloseCode.storageUnavailable);
			}
		);
	}

	/**
	 * Leaves the room once every frame this peer sent has been handed to it (some may still be
	 * waiting for the rate, L1), so the room neither unloads nor forgets them before (R7).
	 */
	#leaveWhenDrained(room: Room): void {
		if (this.#left) return;
		this.#left = true;
		void (this.#gate?.whenDrained() ?? Promise.resolve()).then(() => room.removePeer(this));
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

	/** Called by the room once storage holds everything again after a failure (R4). */
	allSaved(): void {
		if (this.#lastReceipt && !this.#lastReceipt.saved) {
			this.#lastReceipt = { seq: this.#lastReceipt.seq, saved: true };
			this.send(encodeSaveReceipt(this.#lastReceipt.seq, true));
		}
	}

	#receive(room: Room, data: Uint8Array, isBinary: boolean): void {
		// Closing for a restart still takes what the peer sent before it saw the close (R7).
		if (this.#discarded) return;
		let message: ClientMessage;
		try {
			if (!isBinary) throw new MalformedMessageError('text frames are not part of the protocol');
			if (data.byteLength > this.#maxMessageBytes && !this.#allowLargeSync(data)) {
				this.#log.warn('message too big; closing the connection', { ...this.#where(), bytes: data.byteLength });
				this.close(CloseCode.messageTooBig);
				return;
			}
			message = decodeClientMessage(data);
		} catch (error) {
			this.#log.warn('malformed message; closing the connection', { ...this.#where(), error: describeError(error) });
			this.close(CloseCode.malformedMessage);
			return;
		}
		void room
			.enqueue(() => this.#handle(room, message))
			.catch((error) => {
				if (error instanceof UpdateRefusedError) {
					this.#log.warn('update refused; closing the connection', { ...this.#where(), reason: error.message });
					this.close(CloseCode.updateRefused, closeReason(`${CloseReason[CloseCode.updateRefused]}: ${error.message}`));
					return;
				}
				this.#log.warn('message could not be applied; closing the connection', { ...this.#where(), error: describeError(error) });
				this.close(CloseCode.malformedMessage);
			});
	}

	/**
	 * A browser back from a long time offline sends everything it holds in one sync step 2,
	 * which may be larger than any ordinary message: one such frame per connection is allowed,
	 * up to the document's size limit (M5); ws itself cuts off anything larger.
	 */
	#allowLargeSync(data: Uint8Array): boolean {
		if (this.#largeSyncUsed || data[0] !== MessageType.sync || data[1] !== SYNC_STEP_2) return false;
		this.#largeSyncUsed = true;
		return true;
	}

	async #handle(room: Room, message: ClientMessage): Promise<void> {
		if (this.#discarded || room.closed) return;
		// After the peer left, only its edits still matter: nobody is there to answer (R7).
		const gone = this.ws.readyState !== this.ws.OPEN;
		switch (message.type) {
			case 'syncStep1':
				if (!gone) this.send(encodeSyncStep2(room.doc, message.stateVector));
				return;
			case 'update':
				// Read-only connections receive everything but their edits go nowhere (R2, F1).
				if (this.canWrite) await room.receiveUpdate(message.update, this, message.decoded);
				return;
			case 'awareness':
				// Observers are not shown to others, so their presence is not relayed.
				if (this.canWrite && !gone && !room.receiveAwareness(message.update, this)) this.#gate?.exceeded('too many presence ids');
				return;
			case 'saveReceipt':
				// The room's queue has handled (stored, or kept for retry) everything sent before this.
				this.#lastReceipt = { seq: message.seq, saved: room.allSaved };
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
