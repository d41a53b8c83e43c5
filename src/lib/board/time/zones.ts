/**
 * Time zones without a library. A board shows its times in one IANA zone (the header's
 * `timeZone`), whatever zone the viewer's machine is in, so nothing here may touch the
 * process's own zone: no `Date#getHours`, no `new Date('2026-01-05T14:02')` (which is local
 * time), no `Date.parse` of anything without an explicit offset. The only zone-aware tool is
 * `Intl.DateTimeFormat` with an explicit `timeZone`, read back through `formatToParts` in a
 * fixed locale so the output never depends on the viewer's language either.
 *
 * Functions that take a zone throw a RangeError for a zone `isValidTimeZone` refuses, except
 * `fromZonedInputValue`, whose contract is "null when anything is wrong". Callers holding a zone
 * from shared board data should check it once (falling back to `viewerTimeZone()`), rather than
 * have each time silently shown in some other zone.
 */

export interface WallClock {
	year: number;
	/** 1–12. */
	month: number;
	day: number;
	/** 0–23. */
	hour: number;
	minute: number;
	/** 0 when omitted; may carry a fraction for milliseconds. */
	second?: number;
}

export interface ZonedTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	/** Minutes east of UTC at that instant, e.g. 60 for Europe/Berlin in winter, -300 for New York. */
	offsetMinutes: number;
}

export type ZonedStyle = 'time' | 'datetime' | 'date';

const MINUTE = 60_000;
const DAY = 86_400_000;

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');

/**
 * Epoch milliseconds of a wall clock read as if it were UTC. `Date.UTC` maps years 0–99 to
 * 1900–1999, so the year is set separately.
 */
export function wallClockMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
	const date = new Date(Date.UTC(2000, 0, 1, hour, minute, 0, 0) + Math.round(second * 1000));
	date.setUTCFullYear(year, month - 1, day);
	return date.getTime();
}

export function daysInMonth(year: number, month: number): number {
	const date = new Date(Date.UTC(2000, 0, 1));
	date.setUTCFullYear(year, month, 0);
	return date.getUTCDate();
}

/** Whether the fields name a real calendar day and time (seconds may carry a fraction). */
export function isValidWallClock(parts: WallClock): boolean {
	const { year, month, day, hour, minute } = parts;
	const second = parts.second ?? 0;
	if (![year, month, day, hour, minute].every(Number.isInteger)) return false;
	if (!Number.isFinite(second) || second < 0 || second >= 60) return false;
	if (year < 1 || year > 9999 || month < 1 || month > 12) return false;
	if (day < 1 || day > daysInMonth(year, month)) return false;
	return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
}

/*
 * Zone names Intl knows but people misread. Node's ICU, for instance, resolves "PST" to
 * America/Los_Angeles and "EST" to America/Panama while other engines throw, so a bare
 * abbreviation would behave differently per browser: only Area/Location names (plus UTC, GMT
 * and the POSIX-style EST5EDT family) are accepted. Offset ids such as "+01:00", which newer
 * engines accept, are refused for the same reason.
 */
const PLAIN_ZONES = new Set(['UTC', 'GMT', 'ETC/UTC', 'ETC/GMT']);
const POSIX_STYLE = /^[A-Z]{3}\d{1,2}[A-Z]{3}$/i;

const formatters = new Map<string, Intl.DateTimeFormat | null>();
/** Pasted text can name arbitrary zones; keep the cache from growing without bound. */
const MAX_CACHED_ZONES = 256;

function formatterFor(zone: string): Intl.DateTimeFormat | null {
	const cached = formatters.get(zone);
	if (cached !== undefined) return cached;
	let formatter: Intl.DateTimeFormat | null = null;
	const shaped = zone.includes('/') || PLAIN_ZONES.has(zone.toUpperCase()) || POSIX_STYLE.test(zone);
	if (shaped && /^[A-Za-z]/.test(zone)) {
		try {
			formatter = new Intl.DateTimeFormat('en-US-u-nu-latn', {
				timeZone: zone,
				hourCycle: 'h23',
				year: 'numeric',
				month: 'numeric',
				day: 'numeric',
				hour: 'numeric',
				minute: 'numeric',
				second: 'numeric'
			});
		} catch {
			formatter = null;
		}
	}
	if (formatters.size >= MAX_CACHED_ZONES) formatters.clear();
	formatters.set(zone, formatter);
	return formatter;
}

function requireFormatter(zone: string): Intl.DateTimeFormat {
	const formatter = typeof zone === 'string' ? formatterFor(zone) : null;
	if (!formatter) throw new RangeError(`unknown time zone: ${String(zone)}`);
	return formatter;
}

/** IANA zone names as Intl knows them (e.g. "Europe/Berlin"), and "UTC". */
export function isValidTimeZone(zone: string): boolean {
	return typeof zone === 'string' && formatterFor(zone) !== null;
}

interface Fields {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

function fieldsAt(epochMs: number, formatter: Intl.DateTimeFormat): Fields {
	const fields: Fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
	for (const part of formatter.formatToParts(epochMs)) {
		if (part.type in fields) fields[part.type as keyof Fields] = Number(part.value);
	}
	// Some engines have printed midnight as 24 even with h23.
	if (fields.hour === 24) fields.hour = 0;
	return fields;
}

/** The zone's offset from UTC at an instant, in milliseconds (whole seconds: Intl has no finer). */
function offsetMsAt(epochMs: number, formatter: Intl.DateTimeFormat): number {
	const whole = Math.floor(epochMs / 1000) * 1000;
	const f = fieldsAt(whole, formatter);
	return wallClockMs(f.year, f.month, f.day, f.hour, f.minute, f.second) - whole;
}

/**
 * The instant at which clocks in `zone` show the given wall-clock time.
 *
 * Around DST changes a wall-clock time can occur never or twice; this follows what most tools
 * (Temporal's "compatible", moment, java.time) do:
 * - a time skipped by spring-forward (02:30 in New York on 2026-03-08) is moved forward by the
 *   length of the gap (→ 03:30 EDT), as if the clock had not been changed yet;
 * - a time repeated by fall-back (01:30 in New York on 2026-11-01) is the earlier of the two
 *   instants (01:30 EDT, not 01:30 EST).
 *
 * Throws a RangeError for an unknown zone or fields that are not a real date and time.
 */
export function zonedToUtc(parts: WallClock, zone: string): Date {
	const formatter = requireFormatter(zone);
	if (!isValidWallClock(parts)) throw new RangeError('not a real date and time');
	const local = wallClockMs(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second ?? 0);
	// A day either side brackets any single transition near this time, so between them the two
	// offsets are the only ones the wall-clock time can be in (Temporal does the same).
	const before = offsetMsAt(local - DAY, formatter);
	const after = offsetMsAt(local + DAY, formatter);
	const candidates = [...new Set([before, after])]
		.map((offset) => ({ offset, at: local - offset }))
		.filter(({ offset, at }) => offsetMsAt(at, formatter) === offset)
		.map(({ at }) => at);
	if (candidates.length > 0) return new Date(Math.min(...candidates));
	return new Date(local - before);
}

/**
 * Epoch milliseconds of an ISO 8601 instant, or null. Only strings with an explicit `Z` or
 * offset are instants; `Date.parse` would read anything else in the process's own zone.
 */
export function parseIsoInstant(iso: string): number | null {
	if (typeof iso !== 'string') return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i.exec(iso.trim());
	if (!match) return null;
	const [, y, mo, d, h, mi, s, fraction, zone] = match;
	const second = Number(s ?? 0) + (fraction ? Number(`0.${fraction}`) : 0);
	const parts = { year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second };
	if (!isValidWallClock(parts)) return null;
	let offset = 0;
	if (zone.toUpperCase() !== 'Z') {
		const oh = Number(zone.slice(1, 3));
		const om = Number(zone.slice(3).replace(':', '') || 0);
		if (oh > 23 || om > 59) return null;
		offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * MINUTE;
	}
	return wallClockMs(parts.year, parts.month, parts.day, parts.hour, parts.minute, 0) + Math.round(second * 1000) - offset;
}

function requireInstant(iso: string): number {
	const at = parseIsoInstant(iso);
	if (at === null) throw new RangeError(`not an ISO instant: ${String(iso)}`);
	return at;
}

/** What clocks in `zone` showed at an instant. Throws a RangeError for a bad zone or instant. */
export function utcToZoned(iso: string, zone: string): ZonedTime {
	const formatter = requireFormatter(zone);
	const at = requireInstant(iso);
	const fields = fieldsAt(at, formatter);
	return { ...fields, offsetMinutes: Math.round(offsetMsAt(at, formatter) / MINUTE) };
}

/**
 * Fixed, locale-independent text: `2026-01-05 14:02` ('datetime'), `14:02` ('time'),
 * `2026-01-05` ('date'), 24-hour. An unreadable instant gives '' (as `formatTime` does), so a
 * damaged record shows blank instead of breaking the page.
 */
export function formatInZone(iso: string, zone: string, style: ZonedStyle): string {
	const formatter = requireFormatter(zone);
	const at = parseIsoInstant(iso);
	if (at === null) return '';
	const f = fieldsAt(at, formatter);
	const date = `${pad4(f.year)}-${pad2(f.month)}-${pad2(f.day)}`;
	const time = `${pad2(f.hour)}:${pad2(f.minute)}`;
	if (style === 'date') return date;
	if (style === 'time') return time;
	return `${date} ${time}`;
}

/** An instant as the value of an <input type="datetime-local"> showing the board's zone ('' when unreadable). */
export function toZonedInputValue(iso: string, zone: string): string {
	const formatter = requireFormatter(zone);
	const at = parseIsoInstant(iso);
	if (at === null) return '';
	const f = fieldsAt(at, formatter);
	return `${pad4(f.year)}-${pad2(f.month)}-${pad2(f.day)}T${pad2(f.hour)}:${pad2(f.minute)}`;
}

/**
 * A datetime-local value read in `zone` as an ISO UTC instant; null when the value is incomplete
 * (inputs report '' while being typed), not a real date, or the zone is unknown. DST gaps and
 * overlaps resolve as in `zonedToUtc`.
 */
export function fromZonedInputValue(value: string, zone: string): string | null {
	if (typeof value !== 'string' || !isValidTimeZone(zone)) return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
	if (!match) return null;
	const [, y, mo, d, h, mi, s, ms] = match;
	const parts = {
		year: +y,
		month: +mo,
		day: +d,
		hour: +h,
		minute: +mi,
		second: Number(s ?? 0) + (ms ? Number(`0.${ms}`) : 0)
	};
	if (!isValidWallClock(parts)) return null;
	return zonedToUtc(parts, zone).toISOString();
}

/** The viewer's own zone, or 'UTC' where the runtime does not say (or says something unusable). */
export function viewerTimeZone(): string {
	try {
		const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
		if (zone && isValidTimeZone(zone)) return zone;
	} catch {
		// Fall through: a runtime without time zone data still gets a usable zone.
	}
	return 'UTC';
}

/** The zone's offset at an instant as 'UTC+01:00', 'UTC-05:00', 'UTC+05:30', 'UTC+00:00' ('' when unreadable). */
export function offsetLabel(zone: string, atIso: string): string {
	const formatter = requireFormatter(zone);
	const at = parseIsoInstant(atIso);
	if (at === null) return '';
	const minutes = Math.round(offsetMsAt(at, formatter) / MINUTE);
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `UTC${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
