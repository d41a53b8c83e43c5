/**
 * The board's sections, once: the order the board shows them in (the method's order: facts
 * first, then causes, then actions), their titles, the hint under each heading, the default
 * timebox and whether the method treats them as optional. The board, the navigator, the
 * agenda, guidance, completeness and the writeups all read this table.
 */

export interface SectionInfo {
	id: string;
	/** The heading on the board and in the writeups. */
	title: string;
	/** The navigator's and the agenda's shorter name. */
	label: string;
	/** One sentence under the heading saying what the method asks for here. */
	hint: string;
	/** Default timebox in minutes; 0 for sections that are not on the agenda. */
	timebox: number;
	/** Whether the facilitator's agenda walks through it. */
	onAgenda: boolean;
	/** Optional sections never count towards the board's completeness total. */
	optional: boolean;
}

export const SECTIONS = [
	{ id: 'header', title: 'Incident', label: 'Incident', hint: '', timebox: 2, onAgenda: true, optional: false },
	{ id: 'summary', title: 'Summary', label: 'Summary', hint: 'A few sentences: what happened, the impact, how it ended.', timebox: 3, onAgenda: true, optional: false },
	{
		id: 'timeline',
		title: 'Timeline',
		label: 'Timeline',
		hint: 'Facts first: what happened, when. Build one shared, objective narrative before looking at causes.',
		timebox: 15,
		onAgenda: true,
		optional: false
	},
	{ id: 'impact', title: 'Impact', label: 'Impact', hint: 'How many users, for how long, what was lost. Clear impact sets how deep to dig.', timebox: 5, onAgenda: true, optional: false },
	{
		id: 'why',
		title: 'Root cause analysis',
		label: 'Root cause',
		hint: 'Ask “why?” until you reach something the system could have caught. A chain that stops at a person stops too early.',
		timebox: 15,
		onAgenda: true,
		optional: false
	},
	{
		id: 'factors',
		title: 'Contributing factors',
		label: 'Contributing factors',
		hint: 'Incidents rarely have one cause: monitoring gaps, missing tests, unclear docs line up. Name each factor; each gets an action item.',
		timebox: 10,
		onAgenda: true,
		optional: false
	},
	{
		id: 'canvas',
		title: 'Contributing-factor canvas',
		label: 'Factor canvas',
		hint: 'Arrange the contributing factors and draw arrows from a factor to what it contributed to. Sticky notes, text and drawing work as usual.',
		timebox: 0,
		onAgenda: false,
		optional: true
	},
	{
		id: 'actions',
		title: 'Action items',
		label: 'Action items',
		hint: 'The deliverables: specific, owned, scheduled, each addressing one contributing factor.',
		timebox: 10,
		onAgenda: true,
		optional: false
	},
	{
		id: 'wentWell',
		title: 'What went well',
		label: 'What went well',
		hint: 'Balance the review: fast responses, alerts that worked, good calls under pressure.',
		timebox: 5,
		onAgenda: true,
		optional: false
	},
	{
		id: 'lucky',
		title: 'Where we got lucky',
		label: 'Where we got lucky',
		hint: 'Things that limited the damage by chance — candidates for making them deliberate.',
		timebox: 3,
		onAgenda: true,
		optional: true
	},
	{ id: 'notes', title: 'Notes', label: 'Notes', hint: "The note-taker's free notes.", timebox: 0, onAgenda: true, optional: true },
	{
		id: 'followUp',
		title: 'Follow-up',
		label: 'Follow-up',
		hint: 'When the team meets again to check the action items were done.',
		timebox: 2,
		onAgenda: true,
		optional: false
	}
] as const satisfies readonly SectionInfo[];

export type SectionId = (typeof SECTIONS)[number]['id'];

/** Every section id, in board order. */
export const SECTION_IDS: readonly SectionId[] = SECTIONS.map((s) => s.id);

const BY_ID = new Map<string, SectionInfo>(SECTIONS.map((s) => [s.id, s]));

export function isSectionId(value: unknown): value is SectionId {
	return typeof value === 'string' && BY_ID.has(value);
}

export function section(id: SectionId): SectionInfo {
	return BY_ID.get(id)!;
}

export const sectionTitle = (id: SectionId) => section(id).title;

/** The section's short name, or the raw value for an id this build does not know. */
export const sectionLabel = (id: string) => BY_ID.get(id)?.label ?? id;

/** The sections the facilitator's agenda walks through, in board order. */
export const AGENDA_ORDER: readonly SectionId[] = SECTIONS.filter((s) => s.onAgenda).map((s) => s.id);

export const DEFAULT_TIMEBOXES = Object.fromEntries(SECTIONS.map((s) => [s.id, s.timebox])) as Readonly<Record<SectionId, number>>;

export const OPTIONAL_SECTIONS: readonly SectionId[] = SECTIONS.filter((s) => s.optional).map((s) => s.id);
/** The method's essential sections, in board order. */
export const ESSENTIAL_SECTIONS: readonly SectionId[] = SECTIONS.filter((s) => !s.optional).map((s) => s.id);

/** Sorts by board order; stable, so the order within a section survives. */
export function bySectionOrder<T>(items: T[], sectionOf: (item: T) => SectionId): T[] {
	return items.sort((a, b) => SECTION_IDS.indexOf(sectionOf(a)) - SECTION_IDS.indexOf(sectionOf(b)));
}
