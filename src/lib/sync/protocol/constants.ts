/**
 * The wire contract between the browser and the sync server: paths, message types and
 * close codes. Shared by both sides; documented for integrators in docs/protocol.md.
 * Rule IDs (P1…) are cited by the tests that check them.
 */

/** Bumped when a change would break clients of the previous version. */
export const PROTOCOL_VERSION = 1;

/**
 * Websocket endpoints: `/sync/<boardId>` (the board) and `/sync/<boardId>/control` (the
 * facilitation state), each `?key=<secret>[&v=<protocol version>]`.
 */
export const SYNC_PATH_PREFIX = '/sync/';

/** Board ids are random, URL-safe and short; anything else is rejected before a lookup. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** The Yjs documents of one board. The first one is addressed by the bare board path. */
export const DOC_NAMES = ['board', 'control'] as const;
export type DocName = (typeof DOC_NAMES)[number];

export interface SyncTarget {
	boardId: string;
	docName: DocName;
}

/** Parses `/sync/<boardId>` and `/sync/<boardId>/control` (P1). Returns null for any other path. */
export function parseSyncPath(pathname: string): SyncTarget | null {
	if (!pathname.startsWith(SYNC_PATH_PREFIX)) return null;
	const parts = pathname.slice(SYNC_PATH_PREFIX.length).split('/');
	const [boardId, docPart] = parts;
	if (parts.length > 2 || !BOARD_ID_PATTERN.test(boardId)) return null;
	if (parts.length === 1) return { boardId, docName: 'board' };
	return docPart === 'control' ? { boardId, docName: 'control' } : null;
}

/** The room name a y-websocket client uses for a document: `<boardId>` or `<boardId>/control`. */
export function roomName(boardId: string, docName: DocName): string {
	return docName === 'board' ? boardId : `${boardId}/${docName}`;
}

/**
 * Message types: the y-websocket protocol's, plus Debrief's save receipt, as a closed set (P2).
 * `saveReceipt` (client → server: varuint seq; server → client: varuint seq, varuint saved)
 * asks the server to answer once everything this connection sent before it has been handled:
 * saved = 1 when all of it is in storage, 0 when storage is refusing writes (R4). Stock
 * y-websocket clients never send it.
 */
export const MessageType = {
	sync: 0,
	awareness: 1,
	auth: 2,
	queryAwareness: 3,
	saveReceipt: 4
} as const;

/**
 * Close codes (P3). 4400–4499 are terminal: stock y-websocket clients do not reconnect
 * after them. Everything else is transient and the client reconnects with backoff.
 */
export const CloseCode = {
	/** A frame larger than the server's MAX_MESSAGE_BYTES (standard code). */
	messageTooBig: 1009,
	/** The server is shutting down or restarting; reconnect shortly (standard code). */
	serverRestarting: 1012,
	/** A message that could not be decoded or applied; the board is unchanged. */
	malformedMessage: 4400,
	/** The link used for this connection is no longer valid (e.g. it was rotated). */
	accessRevoked: 4403,
	/** An update the board cannot take (it could not be applied, or breaks the board's shape
	 * or size limits); nothing of it was stored. The reason says which. */
	updateRefused: 4422,
	/** The client speaks a protocol version the server does not. */
	incompatibleClient: 4426,
	/** The board's stored data could not be loaded; retrying later may work. */
	storageUnavailable: 4503,
	/**
	 * The client sent far more than a person can (L1, L3, L5). Transient on purpose: a buggy
	 * but honest client reconnects with backoff and resyncs what was refused; the reconnect gets
	 * no burst (L6), so reconnecting does not help a flood.
	 */
	rateLimited: 4529,
	/** The board, or the client's address, already has as many open connections as allowed (L7, L8). */
	tooManyConnections: 4530
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close reasons are short, human-readable and safe to show in the UI. */
export const CloseReason: Record<CloseCode, string> = {
	[CloseCode.messageTooBig]: 'message too big',
	[CloseCode.serverRestarting]: 'server restarting',
	[CloseCode.malformedMessage]: 'malformed message',
	[CloseCode.accessRevoked]: 'the facilitator replaced this link: ask them for the new one',
	[CloseCode.updateRefused]: 'the server refused a change',
	[CloseCode.incompatibleClient]: 'incompatible client version, reload the page',
	[CloseCode.storageUnavailable]: 'board storage unavailable, retrying',
	[CloseCode.rateLimited]: 'too many changes at once, slowing down',
	[CloseCode.tooManyConnections]: 'too many open connections to this board'
};

/** The role a link grants. Observers are read-only, enforced by the server. */
export const ROLES = ['facilitator', 'participant', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may change which document (R2, F1): observers change nothing; only the facilitator
 * changes the facilitation state.
 */
export function canWrite(role: Role, docName: DocName = 'board'): boolean {
	return docName === 'control' ? role === 'facilitator' : role !== 'observer';
}

/** The fragment of a board link: `/b/<id>#k=<secret>`; the secret never reaches the server's logs. */
export function boardLinkPath(boardId: string, secret: string): string {
	return `/b/${boardId}#k=${secret}`;
}

/** Reads the secret from a location hash such as `#k=abc`. */
export function secretFromHash(hash: string): string | null {
	const params = new URLSearchParams(hash.replace(/^#/, ''));
	const key = params.get('k');
	return key && /^[A-Za-z0-9_-]{22,128}$/.test(key) ? key : null;
}
