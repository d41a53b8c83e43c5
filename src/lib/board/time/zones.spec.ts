import { describe, expect, it } from 'vitest';
import {
	formatInZone,
	fromZonedInputValue,
	isValidTimeZone,
	offsetLabel,
	parseIsoInstant,
	toZonedInputValue,
	utcToZoned,
	viewerTimeZone,
	zonedToUtc
} from './zones.ts';

const iso = (date: Date) => date.toISOString();

describe('isValidTimeZone', () => {
	it('accepts IANA names and UTC', () => {
		for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5']) {
			expect(isValidTimeZone(zone), zone).toBe(true);
		}
	});

	it('refuses unknown names, offsets and bare abbreviations', () => {
		for (const zone of ['', 'Foo/Bar', 'Europe/Berln', '+01:00', 'PST', 'CET', 'Z', 'local']) {
			expect(isValidTimeZone(zone), zone).toBe(false);
		}
	});
});

describe('zonedToUtc', () => {
	it('converts ordinary wall-clock times', () => {
		expect(iso(zonedToUtc({ year: 2026, month: 1, day: 5, hour: 14, minute: 2 }, 'Europe/Berlin'))).toBe('2026-01-05T13:02:00.000Z');
		expect(iso(zonedToUtc({ year: 2026, month: 7, day: 5, hour: 14, minute: 2 }, 'Europe/Berlin'))).toBe('2026-07-05T12:02:00.000Z');
		expect(iso(zonedToUtc({ year: 2026, month: 1, day: 5, hour: 14, minute: 2, second: 30 }, 'UTC'))).toBe('2026-01-05T14:02:30.000Z');
		expect(iso(zonedToUtc({ year: 2026, month: 1, day: 5, hour: 0, minute: 15 }, 'Asia/Kolkata'))).toBe('2026-01-04T18:45:00.000Z');
		expect(iso(zonedToUtc({ year: 2026, month: 1, day: 5, hour: 9, minute: 0 }, 'America/New_York'))).toBe('2026-01-05T14:00:00.000Z');
	});

	it('moves a time skipped by spring-forward forward by the gap', () => {
		// New York skips 02:00–03:00 on 2026-03-08; Berlin skips 02:00–03:00 on 2026-03-29.
		expect(iso(zonedToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
		expect(formatInZone('2026-03-08T07:30:00.000Z', 'America/New_York', 'time')).toBe('03:30');
		expect(iso(zonedToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
		// Either side of the gap is unaffected.
		expect(iso(zonedToUtc({ year: 2026, month: 3, day: 8, hour: 1, minute: 59 }, 'America/New_York'))).toBe('2026-03-08T06:59:00.000Z');
		expect(iso(zonedToUtc({ year: 2026, month: 3, day: 8, hour: 3, minute: 0 }, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
	});

	it('picks the earlier instant for a time repeated by fall-back', () => {
		// 01:30 happens twice in New York on 2026-11-01: first EDT (05:30Z), then EST (06:30Z).
		expect(iso(zonedToUtc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
		expect(iso(zonedToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
		expect(iso(zonedToUtc({ year: 2026, month: 11, day: 1, hour: 2, minute: 0 }, 'America/New_York'))).toBe('2026-11-01T07:00:00.000Z');
	});

	it('handles a zone whose DST starts at midnight and one with a half-hour offset', () => {
		// Santiago skips 00:00–01:00 on 2026-09-06.
		expect(iso(zonedToUtc({ year: 2026, month: 9, day: 6, hour: 0, minute: 30 }, 'America/Santiago'))).toBe('2026-09-06T04:30:00.000Z');
		expect(iso(zonedToUtc({ year: 2026, month: 1, day: 5, hour: 12, minute: 0 }, 'Australia/Adelaide'))).toBe('2026-01-05T01:30:00.000Z');
	});

	it('refuses unknown zones and impossible dates', () => {
		expect(() => zonedToUtc({ year: 2026, month: 1, day: 5, hour: 14, minute: 2 }, 'Mars/Olympus')).toThrow(RangeError);
		expect(() => zonedToUtc({ year: 2026, month: 2, day: 30, hour: 14, minute: 2 }, 'UTC')).toThrow(RangeError);
		expect(() => zonedToUtc({ year: 2026, month: 1, day: 5, hour: 24, minute: 0 }, 'UTC')).toThrow(RangeError);
	});
});

describe('utcToZoned', () => {
	it('gives the wall clock and offset at an instant', () => {
		expect(utcToZoned('2026-01-05T13:02:00.000Z', 'Europe/Berlin')).toEqual({
			year: 2026,
			month: 1,
			day: 5,
			hour: 14,
			minute: 2,
			second: 0,
			offsetMinutes: 60
		});
		expect(utcToZoned('2026-07-01T03:00:00Z', 'America/New_York')).toMatchObject({ day: 30, hour: 23, offsetMinutes: -240 });
		expect(utcToZoned('2026-01-05T18:45:00Z', 'Asia/Kolkata')).toMatchObject({ day: 6, hour: 0, minute: 15, offsetMinutes: 330 });
		expect(utcToZoned('2026-01-05T14:02:00+01:00', 'UTC')).toMatchObject({ hour: 13, minute: 2, offsetMinutes: 0 });
	});

	it('shows midnight as 00, not 24', () => {
		expect(utcToZoned('2026-01-04T23:00:00Z', 'Europe/Berlin')).toMatchObject({ day: 5, hour: 0 });
	});

	it('round-trips through zonedToUtc across a whole DST year', () => {
		for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
			for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3 * 3_600_000 + 17 * 60_000) {
				const at = new Date(t).toISOString();
				const zoned = utcToZoned(at, zone);
				const back = zonedToUtc(zoned, zone).toISOString();
				// Only the second pass through a repeated hour may map to the earlier instant.
				if (back !== at) {
					expect(utcToZoned(back, zone)).toMatchObject({ hour: zoned.hour, minute: zoned.minute });
					expect(Date.parse(back)).toBeLessThan(t);
				}
			}
		}
	});

	it('refuses local-time strings that would depend on the process zone', () => {
		expect(() => utcToZoned('2026-01-05T14:02', 'UTC')).toThrow(RangeError);
		expect(() => utcToZoned('Jan 5 2026', 'UTC')).toThrow(RangeError);
		expect(() => utcToZoned('2026-01-05T14:02:00Z', 'Nowhere/Land')).toThrow(RangeError);
	});
});

describe('parseIsoInstant', () => {
	it('reads only strings with a zone designator', () => {
		expect(parseIsoInstant('2026-01-05T14:02:00.000Z')).toBe(Date.UTC(2026, 0, 5, 14, 2));
		expect(parseIsoInstant('2026-01-05T14:02:00.5+0130')).toBe(Date.UTC(2026, 0, 5, 12, 32, 0, 500));
		expect(parseIsoInstant('2026-01-05T14:02')).toBeNull();
		expect(parseIsoInstant('2026-02-30T14:02:00Z')).toBeNull();
		expect(parseIsoInstant('')).toBeNull();
	});
});

describe('formatInZone', () => {
	it('prints fixed, 24-hour text in the zone', () => {
		const at = '2026-01-05T13:02:45.000Z';
		expect(formatInZone(at, 'Europe/Berlin', 'datetime')).toBe('2026-01-05 14:02');
		expect(formatInZone(at, 'Europe/Berlin', 'time')).toBe('14:02');
		expect(formatInZone(at, 'Europe/Berlin', 'date')).toBe('2026-01-05');
		expect(formatInZone(at, 'America/New_York', 'datetime')).toBe('2026-01-05 08:02');
		expect(formatInZone('2026-01-05T20:00:00Z', 'Asia/Kolkata', 'datetime')).toBe('2026-01-06 01:30');
	});

	it('prints nothing for an unreadable instant and throws for an unknown zone', () => {
		expect(formatInZone('not a time', 'UTC', 'time')).toBe('');
		expect(() => formatInZone('2026-01-05T13:02:00Z', 'CET', 'time')).toThrow(RangeError);
	});
});

describe('datetime-local values in the board zone', () => {
	it('round-trips', () => {
		expect(toZonedInputValue('2026-01-05T13:02:00.000Z', 'Europe/Berlin')).toBe('2026-01-05T14:02');
		expect(fromZonedInputValue('2026-01-05T14:02', 'Europe/Berlin')).toBe('2026-01-05T13:02:00.000Z');
		expect(fromZonedInputValue('2026-01-05T14:02:30', 'America/New_York')).toBe('2026-01-05T19:02:30.000Z');
		expect(toZonedInputValue('garbage', 'UTC')).toBe('');
	});

	it('returns null for incomplete or invalid values', () => {
		expect(fromZonedInputValue('', 'UTC')).toBeNull();
		expect(fromZonedInputValue('2026-01-05T14', 'UTC')).toBeNull();
		expect(fromZonedInputValue('2026-02-30T14:02', 'UTC')).toBeNull();
		expect(fromZonedInputValue('2026-01-05T25:00', 'UTC')).toBeNull();
		expect(fromZonedInputValue('2026-01-05T14:02', 'Not/AZone')).toBeNull();
	});

	it('resolves DST gaps forward', () => {
		expect(fromZonedInputValue('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
	});
});

describe('viewerTimeZone and offsetLabel', () => {
	it('gives a usable zone', () => {
		expect(isValidTimeZone(viewerTimeZone())).toBe(true);
	});

	it('labels offsets', () => {
		expect(offsetLabel('Europe/Berlin', '2026-01-05T12:00:00Z')).toBe('UTC+01:00');
		expect(offsetLabel('Europe/Berlin', '2026-07-05T12:00:00Z')).toBe('UTC+02:00');
		expect(offsetLabel('America/New_York', '2026-01-05T12:00:00Z')).toBe('UTC-05:00');
		expect(offsetLabel('Asia/Kolkata', '2026-01-05T12:00:00Z')).toBe('UTC+05:30');
		expect(offsetLabel('America/St_Johns', '2026-01-05T12:00:00Z')).toBe('UTC-03:30');
		expect(offsetLabel('UTC', '2026-01-05T12:00:00Z')).toBe('UTC+00:00');
		expect(offsetLabel('UTC', 'nope')).toBe('');
	});
});
