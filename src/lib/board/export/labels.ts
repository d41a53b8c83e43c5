/** Words the writeups share, so Markdown and HTML say the same thing. */
import { formatDuration, type Duration } from '../time/durations.ts';
import { formatInZone, offsetLabel } from '../time/zones.ts';

/** The writeup's own heading for who took part (not a board section). */
export const PARTICIPANTS_TITLE = 'Participants';

export const yesNo = (value: boolean | null) => (value === null ? 'not answered' : value ? 'Yes' : 'No');

export const orDash = (text: string | null | undefined) => (text && text.trim() ? text.trim() : '—');

export function durationText(duration: Duration): string {
	return duration.ms !== null ? formatDuration(duration.ms) : `— (${duration.problem ?? 'not known'})`;
}

export function timeIn(iso: string, zone: string): string {
	return formatInZone(iso, zone, 'datetime');
}

export function zoneNote(zone: string, at: string | undefined): string {
	return `All times in ${zone}${at ? ` (${offsetLabel(zone, at)})` : ''}.`;
}

export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
