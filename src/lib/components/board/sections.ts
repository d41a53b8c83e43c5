import type { SectionId } from '$lib/board/guidance';

/** The board's sections in meeting order, as the navigator and the headings name them. */
export const SECTIONS: ReadonlyArray<{ id: SectionId; label: string }> = [
	{ id: 'header', label: 'Incident' },
	{ id: 'summary', label: 'Summary' },
	{ id: 'timeline', label: 'Timeline' },
	{ id: 'impact', label: 'Impact' },
	{ id: 'why', label: 'Root cause' },
	{ id: 'factors', label: 'Contributing factors' },
	{ id: 'canvas', label: 'Factor canvas' },
	{ id: 'actions', label: 'Action items' },
	{ id: 'wentWell', label: 'What went well' },
	{ id: 'lucky', label: 'Where we got lucky' },
	{ id: 'notes', label: 'Notes' },
	{ id: 'followUp', label: 'Follow-up' }
];
