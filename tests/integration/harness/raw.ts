/**
 * Raw websockets and frames, for what a well-behaved client never sends and for checking
 * what crossed the wire.
 */
import { connect as connectTcp } from 'node:net';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { roomName, type DocName } from '../../../src/lib/sync/protocol/constants.ts';
import { decodeServerMessage, encodeSyncStep1 } from '../../../src/lib/sync/protocol/codec.ts';
import { onCleanup, withTimeout } from './wait.ts';


// Raw websockets, for what a well-behaved client never sends.

export type RawResult =
	| { kind: 'open'; ws: WebSocket; messages: Buffer[]; closed: Promise<{ code: number; reason: string }> }
	| { kind: 'rejected'; status: number; body: string; messagesReceived: number };

export function syncUrl(wsUrl: string, boardId: string, query: Record<string, string> = {}): string {
	const search = new URLSearchParams(query).toString();
	return `${wsUrl}/${boardId}${search ? `?${search}` : ''}`;
}

/** Opens a raw websocket; resolves with the HTTP status when the upgrade is refused. */
export function openRaw(url: string, options: WebSocket.ClientOptions = {}): Promise<RawResult> {
	const ws = new WebSocket(url, options);
	const messages: Buffer[] = [];
	ws.on('message', (data: Buffer) => messages.push(data));
	onCleanup(() => ws.terminate());
	const closed = new Promise<{ code: number; reason: string }>((resolve) => {
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
	});
	return withTimeout(
		new Promise<RawResult>((resolve, reject) => {
			ws.on('open', () => resolve({ kind: 'open', ws, messages, closed }));
			ws.on('unexpected-response', (_req, res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					resolve({ kind: 'rejected', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), messagesReceived: messages.length });
					ws.terminate();
				});
			});
			ws.on('error', reject);
		}),
		`websocket ${url.replace(/key=[^&]*/, 'key=…')} to open or be refused`
	);
}

/** A received frame as bytes, whatever binaryType the socket used. */
export function frameBytes(data: Buffer | ArrayBuffer | Buffer[] | Uint8Array): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
	return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/** Whether the UTF-8 bytes of `text` occur in any of the frames. */
export function framesContain(frames: readonly Uint8Array[], text: string): boolean {
	const needle = Buffer.from(text, 'utf8');
	return frames.some((frame) => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).includes(needle));
}

/**
 * The Yjs updates carried by frames: relayed updates and (unless `syncStep2` is false) sync
 * step 2 answers. Other messages (sync step 1, awareness) are skipped.
 */
export function updatesInFrames(frames: readonly Uint8Array[], { syncStep2 = true }: { syncStep2?: boolean } = {}): Uint8Array[] {
	const updates: Uint8Array[] = [];
	for (const frame of frames) {
		const message = decodeServerMessage(frame);
		if (message.type === 'update' || (syncStep2 && message.type === 'syncStep2')) updates.push(message.update);
	}
	return updates;
}

/** A raw websocket on one of a board's documents that asks for the whole document, then records everything. */
export interface RawListener {
	ws: WebSocket;
	/** Every frame received since the upgrade, raw. */
	frames: Uint8Array[];
	closed: Promise<{ code: number; reason: string }>;
	/** Resolves once everything the room queued for this socket before the call has arrived. */
	roundTrip(timeoutMs?: number): Promise<void>;
}

export async function listenRaw(wsUrl: string, boardId: string, docName: DocName, key: string): Promise<RawListener> {
	const raw = await openRaw(syncUrl(wsUrl, roomName(boardId, docName), { key }));
	if (raw.kind !== 'open') throw new Error(`upgrade refused with ${raw.status}: ${raw.body}`);
	// openRaw records every frame from the first one on.
	const frames: Uint8Array[] = raw.messages;
	const empty = new Y.Doc();
	const step1 = () => encodeSyncStep1(empty);
	const roundTrip = (timeoutMs = 5000) => {
		const answered = new Promise<void>((resolve) => {
			const onMessage = (data: Buffer) => {
				if (decodeServerMessage(data).type === 'syncStep2') {
					raw.ws.off('message', onMessage);
					resolve();
				}
			};
			raw.ws.on('message', onMessage);
		});
		raw.ws.send(step1());
		return withTimeout(answered, 'a raw round trip through the room', timeoutMs);
	};
	// The first round trip also brings the whole document (step 2 against an empty state vector).
	await roundTrip();
	return { ws: raw.ws, frames, closed: raw.closed, roundTrip };
}

/**
 * A websocket client written on a bare TCP socket that never answers the server's close
 * frame (as a hostile client would not), so what the server does with a connection it is
 * closing can be observed: does it keep applying that client's frames until its close timeout?
 */
export interface StubbornSocket {
	/** Close frames received from the server: code and reason. */
	closeFrames: Array<{ code: number; reason: string }>;
	/** Binary data frames received. */
	frames: Uint8Array[];
	/** Resolves when the TCP connection is gone (the server dropped it). */
	ended: Promise<void>;
	/** Sends a binary frame (masked, as clients must), unless the TCP connection is gone. */
	send(payload: Uint8Array): void;
	destroy(): void;
}

export function openStubborn(port: number, path: string): Promise<StubbornSocket> {
	const socket = connectTcp({ host: '127.0.0.1', port });
	onCleanup(() => socket.destroy());
	const closeFrames: Array<{ code: number; reason: string }> = [];
	const frames: Uint8Array[] = [];
	let buffer = Buffer.alloc(0);
	let upgraded = false;
	const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
	socket.on('error', () => {});
	const opened = new Promise<void>((resolve, reject) => {
		socket.on('connect', () => {
			socket.write(
				`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
					`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
			);
		});
		socket.on('data', (chunk: Buffer) => {
			buffer = Buffer.concat([buffer, chunk]);
			if (!upgraded) {
				const end = buffer.indexOf('\r\n\r\n');
				if (end < 0) return;
				const head = buffer.subarray(0, end).toString('latin1');
				buffer = buffer.subarray(end + 4);
				if (!/^HTTP\/1\.1 101 /.test(head)) return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
				upgraded = true;
				resolve();
			}
			// Server frames are unmasked; this parses whole frames only (no fragmentation needed here).
			for (;;) {
				if (buffer.length < 2) return;
				const opcode = buffer[0] & 0x0f;
				let length = buffer[1] & 0x7f;
				let offset = 2;
				if (length === 126) {
					if (buffer.length < 4) return;
					length = buffer.readUInt16BE(2);
					offset = 4;
				} else if (length === 127) {
					if (buffer.length < 10) return;
					length = Number(buffer.readBigUInt64BE(2));
					offset = 10;
				}
				if (buffer.length < offset + length) return;
				const payload = buffer.subarray(offset, offset + length);
				buffer = buffer.subarray(offset + length);
				if (opcode === 0x8) closeFrames.push({ code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString('utf8') });
				else if (opcode === 0x2) frames.push(new Uint8Array(payload));
			}
		});
		socket.on('close', () => reject(new Error('connection closed before the upgrade')));
	});
	const send = (payload: Uint8Array) => {
		if (socket.destroyed) return;
		const mask = randomBytes(4);
		const length = payload.length;
		const header = length < 126 ? Buffer.from([0x82, 0x80 | length]) : length < 65536 ? Buffer.from([0x82, 0x80 | 126, length >> 8, length & 0xff]) : null;
		if (!header) throw new Error('frame too large for this helper');
		const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
		socket.write(Buffer.concat([header, mask, masked]));
	};
	return withTimeout(
		opened.then(() => ({ closeFrames, frames, ended, send, destroy: () => socket.destroy() })),
		`stubborn websocket ${path.replace(/key=[^&]*/, 'key=…')} to open`
	);
}
