import { describe, expect, it } from 'vitest';
import type { TimelineEntryData, TimelineKind } from '../types.ts';
import { computeDurations, formatDuration } from './durations.ts';

let counter = 0;
const entry = (at: string, kind: TimelineKind): TimelineEntryData => ({
	id: `e${++counter}`,
	at,
	kind,
	description: kind,
	author: '',
	createdAt: at
});

const MIN = 60_000;

describe('computeDurations', () => {
	it('measures every figure from the trigger in a normal timeline', () => {
		const d = computeDurations([
			entry('2026-01-05T14:00:00.000Z', 'trigger'),
			entry('2026-01-05T14:12:00.000Z', 'detection'),
			entry('2026-01-05T14:20:00.000Z', 'escalation'),
			entry('2026-01-05T14:45:00.000Z', 'mitigation'),
			entry('2026-01-05T15:05:00.000Z', 'resolution')
		]);
		expect(d.timeToDetect).toEqual({ ms: 12 * MIN, from: '2026-01-05T14:00:00.000Z', to: '2026-01-05T14:12:00.000Z', problem: null });
		expect(d.timeToMitigate.ms).toBe(45 * MIN);
		expect(d.timeToResolve).toEqual({ ms: 65 * MIN, from: '2026-01-05T14:00:00.000Z', to: '2026-01-05T15:05:00.000Z', problem: null });
		expect(d.impactDuration).toEqual({ ms: 65 * MIN, from: '2026-01-05T14:00:00.000Z', to: '2026-01-05T15:05:00.000Z', problem: null });
	});

	it('explains each missing marker', () => {
		const empty = computeDurations([]);
		expect(empty.timeToDetect).toEqual({ ms: null, from: null, to: null, problem: 'No trigger in the timeline yet' });
		expect(empty.impactDuration.problem).toBe('No trigger or detection in the timeline yet');

		const onlyTrigger = computeDurations([entry('2026-01-05T14:00:00Z', 'trigger')]);
		expect(onlyTrigger.timeToDetect).toEqual({ ms: null, from: '2026-01-05T14:00:00.000Z', to: null, problem: 'No detection in the timeline yet' });
		expect(onlyTrigger.timeToMitigate.problem).toBe('No mitigation in the timeline yet');
		expect(onlyTrigger.timeToResolve.problem).toBe('No resolution in the timeline yet');
		expect(onlyTrigger.impactDuration.problem).toBe('No resolution in the timeline yet');

		const noTrigger = computeDurations([entry('2026-01-05T14:12:00Z', 'detection'), entry('2026-01-05T14:45:00Z', 'mitigation')]);
		expect(noTrigger.timeToDetect.problem).toBe('No trigger in the timeline yet');
		expect(noTrigger.timeToMitigate.problem).toBe('No trigger in the timeline yet');
		expect(noTrigger.impactDuration.problem).toBe('No resolution in the timeline yet');
	});

	it('refuses markers in an impossible order', () => {
		const d = computeDurations([
			entry('2026-01-05T13:50:00Z', 'detection'),
			entry('2026-01-05T13:55:00Z', 'mitigation'),
			entry('2026-01-05T14:00:00Z', 'trigger'),
			entry('2026-01-05T13:58:00Z', 'resolution')
		]);
		expect(d.timeToDetect).toEqual({
			ms: null,
			from: '2026-01-05T14:00:00.000Z',
			to: null,
			problem: 'The detection is before the trigger — check the times'
		});
		expect(d.timeToMitigate.problem).toBe('The mitigation is before the trigger — check the times');
		expect(d.timeToResolve.problem).toBe('The resolution is before the trigger — check the times');
		expect(d.impactDuration.problem).toBe('The resolution is before the trigger — check the times');
	});

	it('refuses a resolution before the detection', () => {
		const d = computeDurations([
			entry('2026-01-05T14:00:00Z', 'trigger'),
			entry('2026-01-05T14:05:00Z', 'resolution'),
			entry('2026-01-05T14:10:00Z', 'detection')
		]);
		expect(d.timeToDetect.ms).toBe(10 * MIN);
		expect(d.timeToResolve).toMatchObject({ ms: null, problem: 'The resolution is before the detection — check the times' });
		expect(d.impactDuration).toMatchObject({ ms: null, problem: 'The resolution is before the detection — check the times' });

		const withoutTrigger = computeDurations([entry('2026-01-05T14:05:00Z', 'resolution'), entry('2026-01-05T14:10:00Z', 'detection')]);
		expect(withoutTrigger.impactDuration.problem).toBe('The resolution is before the detection — check the times');
	});

	it('ignores a stray early detection when a later one follows the trigger', () => {
		const d = computeDurations([
			entry('2026-01-05T13:00:00Z', 'detection'),
			entry('2026-01-05T14:00:00Z', 'trigger'),
			entry('2026-01-05T14:07:00Z', 'detection')
		]);
		expect(d.timeToDetect).toMatchObject({ ms: 7 * MIN, to: '2026-01-05T14:07:00.000Z', problem: null });
	});

	it('sorts unsorted input by time, not by position', () => {
		const d = computeDurations([
			entry('2026-01-05T15:05:00Z', 'resolution'),
			entry('2026-01-05T14:45:00Z', 'mitigation'),
			entry('2026-01-05T14:12:00+00:00', 'detection'),
			entry('2026-01-05T15:00:00+01:00', 'trigger')
		]);
		expect(d.timeToDetect).toMatchObject({ ms: 12 * MIN, from: '2026-01-05T14:00:00.000Z' });
		expect(d.timeToMitigate.ms).toBe(45 * MIN);
		expect(d.timeToResolve.ms).toBe(65 * MIN);
	});

	it('uses the first of several markers of a kind', () => {
		const d = computeDurations([
			entry('2026-01-05T14:30:00Z', 'trigger'),
			entry('2026-01-05T14:00:00Z', 'trigger'),
			entry('2026-01-05T14:20:00Z', 'detection'),
			entry('2026-01-05T14:10:00Z', 'detection'),
			entry('2026-01-05T15:00:00Z', 'mitigation'),
			entry('2026-01-05T14:40:00Z', 'mitigation'),
			entry('2026-01-05T16:00:00Z', 'resolution'),
			entry('2026-01-05T15:30:00Z', 'resolution')
		]);
		expect(d.timeToDetect).toMatchObject({ ms: 10 * MIN, from: '2026-01-05T14:00:00.000Z' });
		expect(d.timeToMitigate.ms).toBe(40 * MIN);
		expect(d.timeToResolve.ms).toBe(90 * MIN);
		expect(d.impactDuration.ms).toBe(90 * MIN);
	});

	it('measures impact from the first detection when there is no trigger', () => {
		const d = computeDurations([
			entry('2026-01-05T14:12:00Z', 'detection'),
			entry('2026-01-05T14:30:00Z', 'detection'),
			entry('2026-01-05T16:12:00Z', 'resolution')
		]);
		expect(d.impactDuration).toEqual({ ms: 2 * 60 * MIN, from: '2026-01-05T14:12:00.000Z', to: '2026-01-05T16:12:00.000Z', problem: null });
		expect(d.timeToResolve.problem).toBe('No trigger in the timeline yet');
	});

	it('counts markers at the same instant as zero, and skips unreadable times', () => {
		const d = computeDurations([
			entry('2026-01-05T14:00:00Z', 'trigger'),
			entry('2026-01-05T14:00:00Z', 'detection'),
			entry('garbage', 'mitigation'),
			entry('2026-01-05T14:00', 'resolution')
		]);
		expect(d.timeToDetect.ms).toBe(0);
		expect(d.timeToMitigate.problem).toBe('No mitigation in the timeline yet');
		expect(d.timeToResolve.problem).toBe('No resolution in the timeline yet');
	});

	it('spans days', () => {
		const d = computeDurations([entry('2026-01-05T23:50:00Z', 'trigger'), entry('2026-01-07T03:00:00Z', 'resolution')]);
		expect(formatDuration(d.timeToResolve.ms!)).toBe('1 d 3 h');
	});
});

describe('formatDuration', () => {
	it('formats as people say it', () => {
		expect(formatDuration(0)).toBe('0 min');
		expect(formatDuration(30_000)).toBe('30 s');
		expect(formatDuration(59_000)).toBe('59 s');
		expect(formatDuration(60_000)).toBe('1 min');
		expect(formatDuration(45 * MIN)).toBe('45 min');
		expect(formatDuration(65 * MIN)).toBe('1 h 05 min');
		expect(formatDuration(120 * MIN)).toBe('2 h 00 min');
		expect(formatDuration(23 * 60 * MIN + 59 * MIN)).toBe('23 h 59 min');
		expect(formatDuration((2 * 24 + 3) * 60 * MIN)).toBe('2 d 3 h');
		expect(formatDuration((2 * 24 + 3) * 60 * MIN + 20 * MIN)).toBe('2 d 3 h');
	});

	it('rounds to the unit shown', () => {
		expect(formatDuration(400)).toBe('0 min');
		expect(formatDuration(59_600)).toBe('1 min');
		expect(formatDuration(45 * MIN + 29_000)).toBe('45 min');
		expect(formatDuration(59 * MIN + 45_000)).toBe('1 h 00 min');
		expect(formatDuration(24 * 60 * MIN - 10_000)).toBe('1 d 0 h');
	});

	it('keeps the sign of a negative duration', () => {
		expect(formatDuration(-5 * MIN)).toBe('-5 min');
	});
});
