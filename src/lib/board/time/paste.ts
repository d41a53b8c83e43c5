/**
 * Pasting many timeline lines at once: chat logs, notes, a list typed during the incident.
 * Each non-blank line becomes one entry or one error; nothing is guessed silently except the
 * kind, which the paste dialog shows next to each line so the person can correct it before
 * adding.
 *
 * A line is `<time> [zone] [separator] [kind tag] <description>`:
 * - time: `14:02`, `14:02:30`, `2:02 pm`, `2:02PM`, `2 pm`, optionally preceded by a date
 *   (`2026-01-05 14:02`, `2026-01-05T14:02`), or in brackets as Slack copies it (`[14:02] alice: …`);
 * - zone: `Z`, `UTC`, `GMT`, `UTC+1`, `+01:00`, `+0100`, `Europe/Berlin`. Without one the line is in
 *   `context.zone`, the zone of the person pasting. Abbreviations like CET or PST are refused:
 *   they mean different offsets in different places and seasons;
 * - separator: ` - `, ` – `, ` — `, `: `, `|`, a tab;
 * - kind tag: `[detection]`, `(mitigation)`, `detection:`. It wins over the keyword guess.
 *
 * Lines without a date are on `context.defaultDate`, except that an incident can cross midnight:
 * when a date-less line is more than 12 hours before the previous date-less line (23:50 then
 * 00:10), it and the lines after it move to the next day. A smaller step back (14:05 then 14:02)
 * is taken as lines pasted slightly out of order and keeps the date. A line with its own date
 * sets the date for the date-less lines after it ("2026-01-05 23:50 …" then "00:10 …" is the 6th).
 */
import { TIMELINE_KINDS, type TimelineKind } from '../types.ts';
import { daysInMonth, isValidTimeZone, wallClockMs, zonedToUtc } from './zones.ts';

export interface ParsedEntry {
	/** 1-based line number in the pasted text. */
	line: number;
	/** ISO 8601 UTC. */
	at: string;
	kind: TimelineKind;
	description: string;
}

export interface PasteError {
	line: number;
	/** The line as pasted (trimmed, shortened when very long). */
	text: string;
	/** Shown to the person pasting: says what is wrong and how to fix it. */
	reason: string;
}

export interface PasteContext {
	/** IANA zone of the person pasting; lines that state no zone are in it. */
	zone: string;
	/** YYYY-MM-DD in `zone`: the incident date, or today. */
	defaultDate: string;
}

export interface PasteResult {
	entries: ParsedEntry[];
	errors: PasteError[];
}

export const MAX_PASTE_LINES = 500;
export const MAX_LINE_LENGTH = 2000;
const ERROR_TEXT_LENGTH = 200;
const ROLLOVER_MS = 12 * 3_600_000;

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

/*
 * The keyword guess. Checked in this order, first match wins: a line usually mentions what it
 * reacts to as well as what happened ("customers notified of the rollback", "alert resolved",
 * "rolled back the deploy"), and the later kinds in the list are the ones mentioned in passing.
 */
const KIND_KEYWORDS: [TimelineKind, RegExp][] = [
	[
		'communication',
		/\bstatus ?page\b|\bannounce(d|ment)?\b|\bposted\b|\binformed\b|\bcustomers? (were |was |have been )?notified\b|\bnotified (the |our |affected )?customers?\b|\btweet(ed|s)?\b|\bcomms\b/
	],
	['resolution', /\bresolved\b|\brecovered\b|\bback to normal\b|\ball[- ]clear\b|\bfixed\b/],
	[
		'mitigation',
		/\brolled back\b|\broll(ing)?[- ]?back\b|\brevert(ed|ing)?\b|\bfail(ed)?[- ]?over\b|\bmitigat(ed|ing|ion)\b|\bdisabled?\b|\bscaled\b|\bscal(e|ing) (up|out)\b|\brestart(ed|ing)?\b|\bhot ?fix(ed|es)?\b|\bdeployed (a |the )?fix\b|\bfix (was )?deployed\b/
	],
	[
		'escalation',
		/\bescalat(e|ed|ing|ion)\b|\bpaged in\b|\bincident (was |is )?declared\b|\bdeclared (an |the )?incident\b|\bsev ?[0-5]\b|\bsev\b|\bincident commander\b/
	],
	['detection', /\balert(s|ed|ing)?\b|\bpaged\b|\bpage fired\b|\bnoticed\b|\breported\b|\bdetected\b|\bmonitor(s|ing|ed)?\b/],
	[
		'trigger',
		/\bdeploy(s|ed|ing|ment)?\b|\bconfig(uration)? change(d|s)?\b|\bmerged\b|\bstarted (the )?roll-?out\b|\broll-?out (started|began)\b|\brolled out\b|\bcert(ificate)?s? expired\b|\breleased?\b/
	],
	['action', /\binvestigat(e|ed|ing|ion)\b|\bcheck(ed|ing)\b|\blook(ed|ing)\b|\bran\b|\bdebugg(ed|ing)\b/]
];

/** The kind a description most likely is; a guess for the person to confirm, 'other' when unsure. */
export function guessTimelineKind(description: string): TimelineKind {
	const text = description.toLowerCase();
	for (const [kind, pattern] of KIND_KEYWORDS) if (pattern.test(text)) return kind;
	return 'other';
}

/** What a common abbreviation probably meant, for a more useful error message. */
const ABBREVIATION_HINTS: Record<string, string> = {
	CET: '+01:00 or Europe/Berlin',
	CEST: '+02:00 or Europe/Berlin',
	EET: '+02:00 or Europe/Athens',
	EEST: '+03:00 or Europe/Athens',
	WET: '+00:00 or Europe/Lisbon',
	WEST: '+01:00 or Europe/Lisbon',
	BST: '+01:00 or Europe/London',
	IST: '+05:30 or Asia/Kolkata (IST also means Irish and Israel time)',
	MSK: '+03:00 or Europe/Moscow',
	PST: '-08:00 or America/Los_Angeles',
	PDT: '-07:00 or America/Los_Angeles',
	PT: 'America/Los_Angeles',
	MST: '-07:00 or America/Denver',
	MDT: '-06:00 or America/Denver',
	MT: 'America/Denver',
	CST: '-06:00 or America/Chicago (CST also means China Standard Time)',
	CDT: '-05:00 or America/Chicago',
	CT: 'America/Chicago',
	EST: '-05:00 or America/New_York',
	EDT: '-04:00 or America/New_York',
	ET: 'America/New_York',
	AKST: '-09:00 or America/Anchorage',
	AKDT: '-08:00 or America/Anchorage',
	HST: '-10:00 or Pacific/Honolulu',
	AST: '-04:00 or America/Halifax',
	ADT: '-03:00 or America/Halifax',
	NST: '-03:30 or America/St_Johns',
	NDT: '-02:30 or America/St_Johns',
	AEST: '+10:00 or Australia/Sydney',
	AEDT: '+11:00 or Australia/Sydney',
	ACST: '+09:30 or Australia/Adelaide',
	ACDT: '+10:30 or Australia/Adelaide',
	AWST: '+08:00 or Australia/Perth',
	NZST: '+12:00 or Pacific/Auckland',
	NZDT: '+13:00 or Pacific/Auckland',
	JST: '+09:00 or Asia/Tokyo',
	KST: '+09:00 or Asia/Seoul',
	HKT: '+08:00 or Asia/Hong_Kong',
	SGT: '+08:00 or Asia/Singapore',
	SAST: '+02:00 or Africa/Johannesburg',
	BRT: '-03:00 or America/Sao_Paulo'
};

/** First segments of IANA names: a token starting with one is meant as a zone, even if misspelt. */
const ZONE_AREAS = new Set([
	'africa',
	'america',
	'antarctica',
	'arctic',
	'asia',
	'atlantic',
	'australia',
	'europe',
	'indian',
	'pacific',
	'etc',
	'us'
]);

type Zone = { offsetMs: number } | { name: string } | null;

interface ReadTime {
	/** Characters consumed from the start of the input. */
	length: number;
	date: { year: number; month: number; day: number } | null;
	hour: number;
	minute: number;
	/** May carry a fraction. */
	second: number;
	zone: Zone;
}

type TimeResult = ReadTime | { error: string } | null;

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})/;
const CLOCK_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s?([ap])\.?m\.?(?![a-z]))?/i;
const HOUR_ONLY_RE = /^(\d{1,2})\s?([ap])\.?m\.?(?![a-z])/i;
/** What may follow a time: the end, a space, or a separator; "14:02alert" is not a time. */
const BOUNDARY_RE = /^(?:$|[\s\-–—|:;,)\]]|\.(?:\s|$))/;

function realDateReason(year: number, month: number, day: number, shown: string): string | null {
	if (month < 1 || month > 12) return `not a real date: ${shown} (months run from 01 to 12)`;
	if (year < 1) return `not a real date: ${shown}`;
	const last = daysInMonth(year, month);
	if (day < 1 || day > last) return `not a real date: ${shown} (${MONTHS[month - 1]} ${year} has ${last} days)`;
	return null;
}

function offsetMs(sign: string, hours: string, minutes: string | undefined): number | { error: string } {
	const h = Number(hours);
	const m = Number(minutes ?? 0);
	if (h > 14 || m > 59) {
		return { error: `not a real UTC offset: ${sign}${hours}${minutes ? `:${minutes}` : ''} (offsets run from -12:00 to +14:00)` };
	}
	return (sign === '-' ? -1 : 1) * (h * 60 + m) * 60_000;
}

/**
 * Reads the zone right after a time, if any. An offset glued to the time ("14:02:00+01:00") is
 * only read after a date, ISO style: on a bare time, "14:02-14:30" is a range, not an offset.
 */
function readZone(s: string, dated: boolean): { length: number; zone: Zone } | { error: string } {
	let m = /^[Zz](?![\w/])/.exec(s) ?? /^\s+Z(?![\w/-])/.exec(s);
	if (m) return { length: m[0].length, zone: { offsetMs: 0 } };

	m = (dated ? /^([+-])(\d{2})(?::?(\d{2}))?(?![\d:])/.exec(s) : null) ?? /^\s+([+-])(\d{2}):?(\d{2})(?![\d:])/.exec(s);
	if (m) {
		const offset = offsetMs(m[1], m[2], m[3]);
		return typeof offset === 'number' ? { length: m[0].length, zone: { offsetMs: offset } } : offset;
	}

	m = /^\s*(?:UTC|GMT)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?(?![\w/])/i.exec(s);
	if (m) {
		const offset = m[1] ? offsetMs(m[1], m[2].padStart(2, '0'), m[3]) : 0;
		return typeof offset === 'number' ? { length: m[0].length, zone: { offsetMs: offset } } : offset;
	}

	m = /^\s+([A-Za-z][\w+-]*(?:\/[\w+-]+)+)(?![\w/])/.exec(s);
	if (m) {
		const name = m[1];
		if (isValidTimeZone(name)) return { length: m[0].length, zone: { name } };
		if (ZONE_AREAS.has(name.split('/')[0].toLowerCase())) {
			return { error: `unknown time zone "${name}": check the spelling (like Europe/Berlin or America/New_York) or write an offset like +01:00` };
		}
		// Something like "TCP/IP errors": part of the description, not a zone.
	}

	m = /^\s+([A-Z]{2,4})(?![\w/-])/.exec(s);
	if (m && m[1] in ABBREVIATION_HINTS) {
		return {
			error: `"${m[1]}" is ambiguous as a time zone (abbreviations mean different offsets in different places and seasons): write ${ABBREVIATION_HINTS[m[1]]} instead, or UTC`
		};
	}
	return { length: 0, zone: null };
}

/** Reads `[date] time [am/pm] [zone]` at the very start of `s`; null when there is no time there. */
function readTime(s: string): TimeResult {
	let pos = 0;
	let date: ReadTime['date'] = null;
	const dateMatch = DATE_RE.exec(s);
	if (dateMatch) {
		const [shown, y, mo, d] = dateMatch;
		const reason = realDateReason(+y, +mo, +d, shown);
		if (reason) return { error: reason };
		date = { year: +y, month: +mo, day: +d };
		pos = shown.length;
		const gap = /^(?:T|\s+)(?=\d)/.exec(s.slice(pos));
		if (!gap) return { error: `no time after the date ${shown}: add one, such as ${shown} 14:02` };
		pos += gap[0].length;
	}

	const rest = s.slice(pos);
	const clock = CLOCK_RE.exec(rest);
	const hourOnly = clock ? null : HOUR_ONLY_RE.exec(rest);
	if (!clock && !hourOnly) return date ? { error: `no time after the date: add one, such as 2026-01-05 14:02` } : null;

	let hour: number;
	let minute = 0;
	let second = 0;
	let meridiem: string | undefined;
	let shown: string;
	if (clock) {
		[shown] = clock;
		hour = Number(clock[1]);
		minute = Number(clock[2]);
		second = Number(clock[3] ?? 0) + (clock[4] ? Number(`0.${clock[4]}`) : 0);
		meridiem = clock[5];
	} else {
		[shown] = hourOnly!;
		hour = Number(hourOnly![1]);
		meridiem = hourOnly![2];
	}
	pos += shown.length;

	if (meridiem) {
		if (hour < 1 || hour > 12 || minute > 59 || second >= 60) {
			return { error: `not a real time: ${shown.trim()} (with am/pm the hour runs from 1 to 12, minutes from 00 to 59)` };
		}
		hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
	} else if (hour > 23 || minute > 59 || second >= 60) {
		return { error: `not a real time: ${shown.trim()} (hours run from 00 to 23, minutes and seconds from 00 to 59)` };
	}

	const zone = readZone(s.slice(pos), date !== null);
	if ('error' in zone) return zone;
	pos += zone.length;

	if (!BOUNDARY_RE.test(s.slice(pos))) {
		return { error: `no time at the start of the line that can be read on its own: put a space after "${s.slice(0, pos).trim()}", as in "14:02 alert fired"` };
	}
	return { length: pos, date, hour, minute, second, zone: zone.zone };
}

const LIST_MARKER_RE = /^(?:[-*•+]\s+|\d{1,3}[.)]\s+)/;
const SEPARATOR_RE = /^\s*(?:--?|[–—|:;,])?\s*/;
const KIND_TAG_RE = new RegExp(
	`^(?:\\[\\s*(${TIMELINE_KINDS.join('|')})\\s*\\]|\\(\\s*(${TIMELINE_KINDS.join('|')})\\s*\\)|(${TIMELINE_KINDS.join('|')})\\s*:)`,
	'i'
);

function shorten(text: string): string {
	return text.length > ERROR_TEXT_LENGTH ? `${text.slice(0, ERROR_TEXT_LENGTH)}…` : text;
}

function addDays(date: string, days: number): { year: number; month: number; day: number } {
	const [year, month, day] = date.split('-').map(Number);
	const shifted = new Date(wallClockMs(year, month, day + days));
	return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function instantOf(read: ReadTime, date: { year: number; month: number; day: number }, contextZone: string): number {
	const parts = { ...date, hour: read.hour, minute: read.minute, second: read.second };
	const zone = read.zone;
	if (zone && 'offsetMs' in zone) {
		return wallClockMs(date.year, date.month, date.day, read.hour, read.minute, read.second) - zone.offsetMs;
	}
	return zonedToUtc(parts, zone ? zone.name : contextZone).getTime();
}

/**
 * Parses pasted timeline lines. At most `MAX_PASTE_LINES` non-blank lines are read; beyond that
 * one error says how many were left out. Throws a RangeError when the context itself is invalid
 * (unknown zone, malformed default date): that is the caller's bug, not the paste's.
 */
export function parseTimelinePaste(text: string, context: PasteContext): PasteResult {
	if (!isValidTimeZone(context.zone)) throw new RangeError(`unknown time zone: ${context.zone}`);
	const defaultMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(context.defaultDate);
	if (!defaultMatch || realDateReason(+defaultMatch[1], +defaultMatch[2], +defaultMatch[3], context.defaultDate)) {
		throw new RangeError(`defaultDate must be YYYY-MM-DD: ${context.defaultDate}`);
	}

	const entries: ParsedEntry[] = [];
	const errors: PasteError[] = [];
	const lines = text.split(/\r\n|\r|\n/);
	let read = 0;
	let runningDate = context.defaultDate;
	let dayOffset = 0;
	let previousUndated: number | null = null;

	for (let index = 0; index < lines.length; index++) {
		const line = index + 1;
		const trimmed = lines[index].trim();
		if (!trimmed) continue;
		if (read === MAX_PASTE_LINES) {
			const left = lines.slice(index).filter((l) => l.trim()).length;
			errors.push({
				line,
				text: shorten(trimmed),
				reason: `at most ${MAX_PASTE_LINES} lines can be pasted at once: this line and the ${left - 1} after it were not added. Paste them separately.`
			});
			break;
		}
		read++;
		const fail = (reason: string) => errors.push({ line, text: shorten(trimmed), reason });

		if (trimmed.length > MAX_LINE_LENGTH) {
			fail(`this line is ${trimmed.length} characters long; a timeline entry can have at most ${MAX_LINE_LENGTH}. Shorten it or split it into several lines.`);
			continue;
		}

		const body = trimmed.replace(LIST_MARKER_RE, '');
		let time: TimeResult = null;
		let after = '';
		const bracket = /^\[([^\]]*)\]/.exec(body);
		if (bracket) {
			// Slack and similar chat tools copy messages as "[14:02] alice: text".
			const inner = bracket[1].trim();
			const innerTime = readTime(inner);
			if (innerTime && 'error' in innerTime) time = innerTime;
			else if (innerTime && innerTime.length === inner.length) {
				time = innerTime;
				after = body.slice(bracket[0].length);
			}
		} else {
			time = readTime(body);
			if (time && !('error' in time)) after = body.slice(time.length);
		}
		if (time === null) {
			fail('no time at the start of the line: begin it with a time such as 14:02, 2:02 pm or 2026-01-05 14:02');
			continue;
		}
		if ('error' in time) {
			fail(time.error);
			continue;
		}

		let description = after.replace(SEPARATOR_RE, '');
		let kind: TimelineKind | null = null;
		const tag = KIND_TAG_RE.exec(description);
		if (tag) {
			kind = (tag[1] ?? tag[2] ?? tag[3]).toLowerCase() as TimelineKind;
			description = description.slice(tag[0].length).replace(SEPARATOR_RE, '');
		}
		description = description.trim();
		if (!description) {
			fail('nothing after the time: add what happened, such as "14:02 alert fired"');
			continue;
		}

		let at: number;
		if (time.date) {
			at = instantOf(time, time.date, context.zone);
			runningDate = `${time.date.year}-${String(time.date.month).padStart(2, '0')}-${String(time.date.day).padStart(2, '0')}`;
			dayOffset = 0;
		} else {
			at = instantOf(time, addDays(runningDate, dayOffset), context.zone);
			if (previousUndated !== null && at < previousUndated - ROLLOVER_MS) {
				dayOffset++;
				at = instantOf(time, addDays(runningDate, dayOffset), context.zone);
			}
		}
		previousUndated = at;

		entries.push({
			line,
			at: new Date(at).toISOString(),
			kind: kind ?? guessTimelineKind(description),
			description
		});
	}
	return { entries, errors };
}
