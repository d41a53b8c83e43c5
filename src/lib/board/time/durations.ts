/**
 * Incident durations, computed from the timeline and never typed in, so they cannot drift
 * from the times everyone agreed on in the meeting.
 *
 * Definitions (the "first" of a kind is the earliest by time, whatever the order of the input):
 * - start: the earliest `trigger` entry;
 * - time to detect: the first `detection` at or after the start, minus the start;
 * - time to mitigate: the first `mitigation` at or after the start, minus the start;
 * - time to resolve: the first `resolution` at or after the start, minus the start;
 * - impact duration: from the start (or, when there is no trigger, from the first detection) to
 *   the first `resolution` at or after that point.
 *
 * When a figure cannot be computed, `ms` is null and `problem` says why in words the meeting
 * can act on: a marker is missing, or the only markers are in an order that cannot be right
 * (a detection before the trigger). A resolution found before the first detection after the
 * start is treated the same way: resolving something before anyone noticed it is almost always
 * a mistyped time, and a confident figure built on it would mislead the report. `from` is
 * filled whenever the starting point is known; `to` only when `ms` is.
 *
 * Entries whose `at` is not a readable ISO instant are ignored.
 */
import type { TimelineEntryData, TimelineKind } from '../types.ts';
import { parseIsoInstant } from './zones.ts';

export interface Duration {
	ms: number | null;
	/** ISO UTC of the entry the duration starts at. */
	from: string | null;
	/** ISO UTC of the entry the duration ends at. */
	to: string | null;
	/** Why `ms` is null, for the person reading the board; null when all is well. */
	problem: string | null;
}

export interface Durations {
	timeToDetect: Duration;
	timeToMitigate: Duration;
	timeToResolve: Duration;
	impactDuration: Duration;
}

interface Marker {
	at: number;
	iso: string;
}

function markersOf(timeline: readonly TimelineEntryData[], kind: TimelineKind): Marker[] {
	const markers: Marker[] = [];
	for (const entry of timeline) {
		if (entry.kind !== kind) continue;
		const at = parseIsoInstant(entry.at);
		if (at !== null) markers.push({ at, iso: new Date(at).toISOString() });
	}
	return markers.sort((a, b) => a.at - b.at);
}

const missing = (from: Marker | null, problem: string): Duration => ({
	ms: null,
	from: from?.iso ?? null,
	to: null,
	problem
});

const between = (from: Marker, to: Marker): Duration => ({
	ms: to.at - from.at,
	from: from.iso,
	to: to.iso,
	problem: null
});

/**
 * From `start` to the first marker at or after it, or the reason there is none.
 * `notBefore` is a later point the end must not precede (the first detection, for resolutions).
 */
function measure(
	start: Marker | null,
	startKind: 'trigger' | 'detection',
	ends: Marker[],
	endKind: 'detection' | 'mitigation' | 'resolution',
	notBefore: Marker | null = null
): Duration {
	if (!start) {
		return missing(null, startKind === 'trigger' ? 'No trigger in the timeline yet' : 'No trigger or detection in the timeline yet');
	}
	if (ends.length === 0) return missing(start, `No ${endKind} in the timeline yet`);
	const end = ends.find((marker) => marker.at >= start.at);
	if (!end) return missing(start, `The ${endKind} is before the ${startKind} — check the times`);
	if (notBefore && notBefore.at > start.at && end.at < notBefore.at) {
		return missing(start, `The ${endKind} is before the detection — check the times`);
	}
	return between(start, end);
}

export function computeDurations(timeline: readonly TimelineEntryData[]): Durations {
	const start = markersOf(timeline, 'trigger')[0] ?? null;
	const detections = markersOf(timeline, 'detection');
	const mitigations = markersOf(timeline, 'mitigation');
	const resolutions = markersOf(timeline, 'resolution');
	const detectedAfterStart = start ? (detections.find((d) => d.at >= start.at) ?? null) : null;

	const impactStart = start ?? detections[0] ?? null;
	return {
		timeToDetect: measure(start, 'trigger', detections, 'detection'),
		timeToMitigate: measure(start, 'trigger', mitigations, 'mitigation'),
		timeToResolve: measure(start, 'trigger', resolutions, 'resolution', detectedAfterStart),
		impactDuration: measure(impactStart, start ? 'trigger' : 'detection', resolutions, 'resolution', detectedAfterStart)
	};
}

/**
 * A duration for people: '30 s' under a minute, '45 min', '1 h 05 min', '2 d 3 h'; '0 min' for
 * zero. Rounded to the nearest unit shown, since the timeline is typed to the minute anyway.
 */
export function formatDuration(ms: number): string {
	if (!Number.isFinite(ms)) return '';
	if (ms < 0) return `-${formatDuration(-ms)}`;
	const seconds = Math.round(ms / 1000);
	if (seconds === 0) return '0 min';
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.round(ms / 60_000);
	if (minutes < 60) return `${minutes} min`;
	if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
	const hours = Math.round(ms / 3_600_000);
	return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
