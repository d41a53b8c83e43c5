import { crc32 } from 'node:zlib';
import { CorruptDocumentError } from './store.ts';

/**
 * The on-disk format of one document log: a sequence of records, each
 *
 *   u32 LE payload length | u32 LE CRC32 | payload
 *
 * The CRC covers the length field and the payload, so a damaged length is caught as
 * well, and a zero-filled header (what some filesystems leave after a crash) is never a
 * valid record.
 */

export const HEADER_BYTES = 8;
/** Far above any real Yjs update or snapshot; anything longer is a damaged length field. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export interface ParsedLog {
	/** Views into the buffer that was parsed; copy before handing them out. */
	entries: Uint8Array[];
	/** Byte offset where each entry's record starts. */
	starts: number[];
	/** Length of the intact prefix; anything after it is a torn final record. */
	completeBytes: number;
}

/** Encodes one record. Always copies `payload`, so the caller may reuse its buffer. */
export function encodeRecord(payload: Uint8Array): Buffer {
	if (payload.byteLength > MAX_RECORD_BYTES) {
		throw new Error(`update of ${payload.byteLength} bytes exceeds the ${MAX_RECORD_BYTES} byte limit`);
	}
	const record = Buffer.allocUnsafe(HEADER_BYTES + payload.byteLength);
	record.writeUInt32LE(payload.byteLength, 0);
	record.set(payload, HEADER_BYTES);
	record.writeUInt32LE(checksum(record.subarray(0, 4), payload), 4);
	return record;
}

/**
 * Parses a whole log. An incomplete final record (a write torn by a crash) ends the log
 * early and is reported via `completeBytes`; damage anywhere before the end throws,
 * because skipping it would silently drop edits.
 */
export function parseLog(buffer: Buffer, where: string): ParsedLog {
	const entries: Uint8Array[] = [];
	const starts: number[] = [];
	let offset = 0;
	while (offset < buffer.length) {
		if (buffer.length - offset < HEADER_BYTES) break;
		const length = buffer.readUInt32LE(offset);
		const end = offset + HEADER_BYTES + length;
		if (length > MAX_RECORD_BYTES) {
			throw new CorruptDocumentError(where, `record ${entries.length} at byte ${offset} claims an impossible length of ${length} bytes`);
		}
		if (end > buffer.length) break;
		const payload = buffer.subarray(offset + HEADER_BYTES, end);
		if (checksum(buffer.subarray(offset, offset + 4), payload) !== buffer.readUInt32LE(offset + 4)) {
			if (isZeroFilled(buffer, offset)) break;
			throw new CorruptDocumentError(where, `record ${entries.length} at byte ${offset} fails its checksum`);
		}
		entries.push(payload);
		starts.push(offset);
		offset = end;
	}
	return { entries, starts, completeBytes: offset };
}

function checksum(lengthField: Uint8Array, payload: Uint8Array): number {
	return crc32(payload, crc32(lengthField));
}

/** A tail of zeros is space the filesystem allocated for a write that never landed. */
function isZeroFilled(buffer: Buffer, from: number): boolean {
	for (let i = from; i < buffer.length; i++) if (buffer[i] !== 0) return false;
	return true;
}
