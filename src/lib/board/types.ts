/**
 * The board as plain data: what `readBoard(doc)` returns and what pure logic (durations,
 * guidance, completeness, export) takes. No Yjs here, so these functions are easy to test.
 */
export const TIMELINE_KINDS = [
	'trigger',
	'detection',
	'escalation',
	'action',
	'communication',
	'mitigation',
	'resolution',
	'other'
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export function isTimelineKind(value: unknown): value is TimelineKind {
	return typeof value === 'string' && (TIMELINE_KINDS as readonly string[]).includes(value);
}

/** The two kinds of anonymous note in silent writing: what went wrong, what went well. */
export const NOTE_KINDS = ['wrong', 'well'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export interface AnonymousNote {
	kind: NoteKind;
	text: string;
}

export interface RevealedNote extends AnonymousNote {
	id: string;
}

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const BOARD_STATUSES = ['draft', 'in meeting', 'in review', 'published', 'followed up'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export const FACTOR_CATEGORIES = [
	'technical',
	'process',
	'communication',
	'detection/monitoring',
	'testing',
	'documentation',
	'dependencies',
	'other'
] as const;
export type FactorCategory = (typeof FACTOR_CATEGORIES)[number];

export const ACTION_PRIORITIES = ['high', 'medium', 'low'] as const;
export type ActionPriority = (typeof ACTION_PRIORITIES)[number];

export const ACTION_STATUSES = ['open', 'in progress', 'done', "won't do"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface BoardHeader {
	title: string;
	/** An incident id or a link to the incident. */
	incident: string;
	severity: Severity | null;
	/** Free text, one or more service names separated by commas. */
	services: string;
	/** YYYY-MM-DD, the day the incident started, in the board's time zone. */
	incidentDate: string | null;
	/** IANA zone in which times are shown, e.g. "Europe/Berlin". */
	timeZone: string;
	status: BoardStatus;
}

export interface Impact {
	usersAffected: string;
	/** null: not answered yet. */
	dataLost: boolean | null;
	dataLostWhat: string;
	financialImpact: string;
	customerFacing: boolean | null;
}

export interface TimelineEntryData {
	id: string;
	/** ISO 8601 UTC. */
	at: string;
	kind: TimelineKind;
	description: string;
	author: string;
	createdAt: string;
}

export interface WhyStep {
	id: string;
	why: string;
	because: string;
}

export interface WhyChain {
	id: string;
	/** What the chain starts from, e.g. "Checkout returned 500s". */
	problem: string;
	steps: WhyStep[];
}

export interface ContributingFactor {
	id: string;
	title: string;
	category: FactorCategory;
	description: string;
	createdAt: string;
}

export interface ActionItem {
	id: string;
	title: string;
	owner: string;
	/** YYYY-MM-DD or null. */
	due: string | null;
	priority: ActionPriority;
	status: ActionStatus;
	/** The one contributing factor this item addresses, or null when not linked yet. */
	factorId: string | null;
	createdAt: string;
}

export interface ListItem {
	id: string;
	text: string;
}

/** An arrow between two factor cards on the canvas: the `from` factor contributed to the `to` factor. */
export interface CausalLinkData {
	/** The arrow's id (a tldraw shape id). */
	id: string;
	from: string;
	to: string;
}

export interface BoardData {
	header: BoardHeader;
	summary: string;
	notes: string;
	impact: Impact;
	timeline: TimelineEntryData[];
	whyChains: WhyChain[];
	factors: ContributingFactor[];
	actions: ActionItem[];
	wentWell: ListItem[];
	lucky: ListItem[];
	/** YYYY-MM-DD or null. */
	followUpDate: string | null;
	/** Anonymous notes the facilitator revealed, not yet moved into a section. */
	revealedNotes: RevealedNote[];
	/** Arrows between factor cards on the canvas, between factors that exist. */
	causalLinks: CausalLinkData[];
}
