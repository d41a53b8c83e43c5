/** What every API handler is given: the services, the store and the request policy. */
import type { BoardService } from '../services/boards.ts';
import type { BoardStore } from '../persistence/store.ts';
import type { ExportService } from '../services/export.ts';
import type { FacilitationService } from '../services/facilitation.ts';
import type { Limits } from '../limits/limits.ts';
import type { Logger } from '../log.ts';
import type { Role } from '../../src/lib/sync/protocol/constants.ts';

export interface ApiContext {
	boards: BoardService;
	facilitation: FacilitationService;
	exports: ExportService;
	store: BoardStore;
	log: Logger;
	publicOrigin: string | null;
	/** With publicOrigin: the origins whose pages may change boards (W5). */
	allowedOrigins: string[] | null;
	/** Client addresses and wrong keys per address (L9, L10). */
	limits: Limits;
	/** Loaded rooms, reported by /healthz. */
	roomCount: () => number;
	/** Closes a board's connections that used a role's (now rotated) link. */
	revokeRole: (boardId: string, role: Role) => void;
}
