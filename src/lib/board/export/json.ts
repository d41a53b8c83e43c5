/**
 * The writeup as versioned JSON (documented in docs/schema.md), and reading such a file
 * back for import. An import file is untrusted input: everything is checked, and the first
 * problem is reported with where it is.
 */
import { buildWriteup, type CausalLink, type ExportInput, type ExportOptions } from './model.ts';
import type { Attendee } from '../control.ts';
import { InvalidInputError } from '../errors.ts';
import { MAX_NAME_LENGTH } from '../../sync/protocol/limits.ts';
import { ACTION_PRIORITIES, ACTION_STATUSES, BOARD_STATUSES, type BoardData, FACTOR_CATEGORIES, SEVERITIES, TIMELINE_KINDS } from '../types.ts';

export const EXPORT_FORMAT = 'debrief-postmortem';
export const EXPORT_VERSION = 1;

export interface ExportFile {
	format: typeof EXPORT_FORMAT;
	version: typeof EXPORT_VERSION;
	exportedAt: string;
	board: BoardData;
	attendees: Attendee[];
	noteTaker: string | null;
	votes: Record<string, number> | null;
	causalLinks: CausalLink[];
}

export function renderJson(input: ExportInput, options?: ExportOptions): string {
	const w = buildWriteup(input, options);
	const file: ExportFile = {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: input.exportedAt,
		// The links are listed once, at the top level, with the other things beside the board.
		board: { ...w.board, actions: withoutDanglingLinks(w.board), causalLinks: [] },
		attendees: w.participants.map((p, i) => ({ name: p.name, role: input.attendees[i].role })),
		noteTaker: input.noteTaker === null ? null : (w.participants[input.attendees.findIndex((a) => a.name === input.noteTaker)]?.name ?? null),
		votes: input.votes,
		causalLinks: input.causalLinks
	};
	return JSON.stringify(file, null, 2) + '\n';
}

/**
 * An action can name a factor that is gone (linked by one person while another deleted the
 * factor). The file says "not linked" instead, so every export imports again.
 */
function withoutDanglingLinks(board: BoardData): BoardData['actions'] {
	const factorIds = new Set(board.factors.map((f) => f.id));
	return board.actions.map((a) => (a.factorId === null || factorIds.has(a.factorId) ? a : { ...a, factorId: null }));
}

/** Parses and checks an export file (text or already-parsed JSON). */
export function parseExportFile(input: unknown): ExportFile {
	let data = input;
	if (typeof input === 'string') {
		try {
			data = JSON.parse(input);
		} catch {
			throw new InvalidInputError('this is not a JSON file');
		}
	}
	const c = new Checker();
	const file = c.object(data, 'the file');
	if (file.format !== EXPORT_FORMAT) throw new InvalidInputError(`this is not a Debrief export (expected "format": "${EXPORT_FORMAT}")`);
	if (file.version !== EXPORT_VERSION) throw new InvalidInputError(`this export has version ${String(file.version)}; this Debrief reads version ${EXPORT_VERSION}`);
	const board = c.object(file.board, 'board');
	const header = c.object(board.header, 'board.header');
	const impact = c.object(board.impact, 'board.impact');
	const result: ExportFile = {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: c.string(file.exportedAt, 'exportedAt', 40),
		board: {
			header: {
				title: c.string(header.title, 'board.header.title', 200),
				incident: c.string(header.incident, 'board.header.incident'),
				severity: c.nullableOneOf(header.severity, SEVERITIES, 'board.header.severity'),
				services: c.string(header.services, 'board.header.services'),
				incidentDate: c.nullableDate(header.incidentDate, 'board.header.incidentDate'),
				timeZone: c.zone(header.timeZone, 'board.header.timeZone'),
				status: c.oneOf(header.status, BOARD_STATUSES, 'board.header.status')
			},
			summary: c.string(board.summary, 'board.summary', 20_000),
			notes: c.string(board.notes, 'board.notes', 50_000),
			impact: {
				usersAffected: c.string(impact.usersAffected, 'board.impact.usersAffected'),
				dataLost: c.nullableBoolean(impact.dataLost, 'board.impact.dataLost'),
				dataLostWhat: c.string(impact.dataLostWhat, 'board.impact.dataLostWhat'),
				financialImpact: c.string(impact.financialImpact, 'board.impact.financialImpact'),
				customerFacing: c.nullableBoolean(impact.customerFacing, 'board.impact.customerFacing')
			},
			timeline: c.array(board.timeline, 'board.timeline', 2000).map((raw, i) => {
				const at = `board.timeline[${i}]`;
				const entry = c.object(raw, at);
				return {
					id: c.id(entry.id, `${at}.id`),
					at: c.instant(entry.at, `${at}.at`),
					kind: c.oneOf(entry.kind, TIMELINE_KINDS, `${at}.kind`),
					description: c.string(entry.description, `${at}.description`),
					author: c.string(entry.author, `${at}.author`, 100),
					createdAt: c.string(entry.createdAt, `${at}.createdAt`, 40)
				};
			}),
			whyChains: c.array(board.whyChains, 'board.whyChains', 100).map((raw, i) => {
				const at = `board.whyChains[${i}]`;
				const chain = c.object(raw, at);
				return {
					id: c.id(chain.id, `${at}.id`),
					problem: c.string(chain.problem, `${at}.problem`),
					steps: c.array(chain.steps, `${at}.steps`, 50).map((rawStep, j) => {
						const step = c.object(rawStep, `${at}.steps[${j}]`);
						return { id: c.id(step.id, `${at}.steps[${j}].id`), why: c.string(step.why, `${at}.steps[${j}].why`), because: c.string(step.because, `${at}.steps[${j}].because`) };
					})
				};
			}),
			factors: c.array(board.factors, 'board.factors', 500).map((raw, i) => {
				const at = `board.factors[${i}]`;
				const factor = c.object(raw, at);
				return {
					id: c.id(factor.id, `${at}.id`),
					title: c.string(factor.title, `${at}.title`),
					category: c.oneOf(factor.category, FACTOR_CATEGORIES, `${at}.category`),
					description: c.string(factor.description, `${at}.description`),
					createdAt: c.string(factor.createdAt, `${at}.createdAt`, 40)
				};
			}),
			actions: c.array(board.actions, 'board.actions', 500).map((raw, i) => {
				const at = `board.actions[${i}]`;
				const action = c.object(raw, at);
				return {
					id: c.id(action.id, `${at}.id`),
					title: c.string(action.title, `${at}.title`),
					owner: c.string(action.owner, `${at}.owner`, 100),
					due: c.nullableDate(action.due, `${at}.due`),
					priority: c.oneOf(action.priority, ACTION_PRIORITIES, `${at}.priority`),
					status: c.oneOf(action.status, ACTION_STATUSES, `${at}.status`),
					factorId: action.factorId === null ? null : c.id(action.factorId, `${at}.factorId`),
					createdAt: c.string(action.createdAt, `${at}.createdAt`, 40)
				};
			}),
			wentWell: c.listItems(board.wentWell, 'board.wentWell'),
			lucky: c.listItems(board.lucky, 'board.lucky'),
			followUpDate: c.nullableDate(board.followUpDate, 'board.followUpDate'),
			revealedNotes: [],
			// The file's links are top-level `causalLinks`; the canvas arrows themselves are not exported.
			causalLinks: []
		},
		attendees: c.array(file.attendees ?? [], 'attendees', 200).map((raw, i) => {
			const attendee = c.object(raw, `attendees[${i}]`);
			return { name: c.string(attendee.name, `attendees[${i}].name`, MAX_NAME_LENGTH), role: c.oneOf(attendee.role, ['facilitator', 'participant'] as const, `attendees[${i}].role`) };
		}),
		noteTaker: file.noteTaker === null || file.noteTaker === undefined ? null : c.string(file.noteTaker, 'noteTaker', MAX_NAME_LENGTH),
		votes: file.votes === null || file.votes === undefined ? null : c.votes(file.votes, 'votes'),
		causalLinks: c.array(file.causalLinks ?? [], 'causalLinks', 1000).map((raw, i) => {
			const link = c.object(raw, `causalLinks[${i}]`);
			return { from: c.id(link.from, `causalLinks[${i}].from`), to: c.id(link.to, `causalLinks[${i}].to`) };
		})
	};
	const factorIds = new Set(result.board.factors.map((f) => f.id));
	result.board.actions.forEach((a, i) => {
		if (a.factorId !== null && !factorIds.has(a.factorId)) throw new InvalidInputError(`board.actions[${i}].factorId names a factor that is not in the file`);
	});
	return result;
}

class Checker {
	fail(where: string, expected: string): never {
		throw new InvalidInputError(`${where} must be ${expected}`);
	}
	object(value: unknown, where: string): Record<string, unknown> {
		if (!value || typeof value !== 'object' || Array.isArray(value)) this.fail(where, 'an object');
		return value as Record<string, unknown>;
	}
	array(value: unknown, where: string, max: number): unknown[] {
		if (!Array.isArray(value)) this.fail(where, 'a list');
		if (value.length > max) this.fail(where, `a list of at most ${max} items`);
		return value;
	}
	string(value: unknown, where: string, max = 10_000): string {
		if (typeof value !== 'string') this.fail(where, 'text');
		if (value.length > max) this.fail(where, `at most ${max} characters`);
		return value;
	}
	id(value: unknown, where: string): string {
		if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) this.fail(where, 'an id of letters, digits, - or _');
		return value;
	}
	oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
		if (!allowed.includes(value as T)) this.fail(where, `one of ${allowed.join(', ')}`);
		return value as T;
	}
	nullableOneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T | null {
		return value === null ? null : this.oneOf(value, allowed, where);
	}
	nullableBoolean(value: unknown, where: string): boolean | null {
		if (value !== null && typeof value !== 'boolean') this.fail(where, 'true, false or null');
		return value as boolean | null;
	}
	nullableDate(value: unknown, where: string): string | null {
		if (value === null) return null;
		if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
			this.fail(where, 'a date like 2026-01-05, or null');
		}
		return value;
	}
	instant(value: unknown, where: string): string {
		if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) this.fail(where, 'an ISO 8601 time');
		return new Date(value).toISOString();
	}
	zone(value: unknown, where: string): string {
		if (typeof value !== 'string') this.fail(where, 'a time zone name');
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: value });
		} catch {
			this.fail(where, 'a known time zone such as Europe/Berlin');
		}
		return value;
	}
	listItems(value: unknown, where: string): Array<{ id: string; text: string }> {
		return this.array(value, where, 500).map((raw, i) => {
			const item = this.object(raw, `${where}[${i}]`);
			return { id: this.id(item.id, `${where}[${i}].id`), text: this.string(item.text, `${where}[${i}].text`) };
		});
	}
	votes(value: unknown, where: string): Record<string, number> {
		const votes = this.object(value, where);
		for (const [id, count] of Object.entries(votes)) {
			this.id(id, `${where} key`);
			if (!Number.isInteger(count) || (count as number) < 0) this.fail(`${where}.${id}`, 'a whole number');
		}
		return votes as Record<string, number>;
	}
}
