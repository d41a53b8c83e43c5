import { describe, expect, it } from 'vitest';
import { guessTimelineKind, MAX_PASTE_LINES, parseTimelinePaste, type PasteContext } from './paste.ts';

const berlin: PasteContext = { zone: 'Europe/Berlin', defaultDate: '2026-01-05' };
const utc: PasteContext = { zone: 'UTC', defaultDate: '2026-01-05' };

const one = (line: string, context: PasteContext = utc) => {
	const result = parseTimelinePaste(line, context);
	expect(result.errors).toEqual([]);
	expect(result.entries).toHaveLength(1);
	return result.entries[0];
};

const failure = (line: string, context: PasteContext = utc) => {
	const result = parseTimelinePaste(line, context);
	expect(result.entries).toEqual([]);
	expect(result.errors).toHaveLength(1);
	return result.errors[0];
};

describe('times without a date', () => {
	it('reads 24-hour times on the default date in the context zone', () => {
		expect(one('14:02 alert fired', berlin)).toEqual({
			line: 1,
			at: '2026-01-05T13:02:00.000Z',
			kind: 'detection',
			description: 'alert fired'
		});
		expect(one('14:02:30 alert fired').at).toBe('2026-01-05T14:02:30.000Z');
		expect(one('9:05 checked dashboards').at).toBe('2026-01-05T09:05:00.000Z');
		expect(one('09:05 checked dashboards', { zone: 'Asia/Kolkata', defaultDate: '2026-01-05' }).at).toBe('2026-01-05T03:35:00.000Z');
		expect(one('14:02 x', { zone: 'America/New_York', defaultDate: '2026-01-05' }).at).toBe('2026-01-05T19:02:00.000Z');
	});

	it('reads 12-hour times', () => {
		expect(one('2:02 pm alert fired').at).toBe('2026-01-05T14:02:00.000Z');
		expect(one('2:02PM alert fired').at).toBe('2026-01-05T14:02:00.000Z');
		expect(one('2:02 p.m. alert fired').at).toBe('2026-01-05T14:02:00.000Z');
		expect(one('12:15 am alert fired').at).toBe('2026-01-05T00:15:00.000Z');
		expect(one('12:15 PM alert fired').at).toBe('2026-01-05T12:15:00.000Z');
		expect(one('3pm deploy started').at).toBe('2026-01-05T15:00:00.000Z');
	});

	it('does not read the start of a word as am/pm', () => {
		expect(one('9:05 amazon S3 errors')).toMatchObject({ at: '2026-01-05T09:05:00.000Z', description: 'amazon S3 errors' });
	});

	it('accepts a zone on a time without a date', () => {
		expect(one('14:02 UTC rollback started', berlin)).toMatchObject({ at: '2026-01-05T14:02:00.000Z', kind: 'mitigation' });
		expect(one('14:02 Europe/Berlin deploy', utc).at).toBe('2026-01-05T13:02:00.000Z');
		expect(one('14:02 +0530 deploy', utc).at).toBe('2026-01-05T08:32:00.000Z');
		expect(one('14:02Z deploy', berlin).at).toBe('2026-01-05T14:02:00.000Z');
	});

	it('rolls over midnight when times jump back by more than 12 hours', () => {
		const { entries, errors } = parseTimelinePaste(['23:50 deploy', '23:58 alert fired', '00:10 rolled back', '01:00 resolved'].join('\n'), berlin);
		expect(errors).toEqual([]);
		expect(entries.map((e) => e.at)).toEqual([
			'2026-01-05T22:50:00.000Z',
			'2026-01-05T22:58:00.000Z',
			'2026-01-05T23:10:00.000Z',
			'2026-01-06T00:00:00.000Z'
		]);
	});

	it('keeps the date when lines are only slightly out of order', () => {
		const { entries } = parseTimelinePaste('14:05 alert fired\n14:02 deploy\n02:30 pm resolved', utc);
		expect(entries.map((e) => e.at)).toEqual(['2026-01-05T14:05:00.000Z', '2026-01-05T14:02:00.000Z', '2026-01-05T14:30:00.000Z']);
	});

	it('rolls over across month and year ends, and more than once', () => {
		const { entries } = parseTimelinePaste('23:00 a\n01:00 b\n22:00 c\n03:00 d', { zone: 'UTC', defaultDate: '2026-12-31' });
		expect(entries.map((e) => e.at)).toEqual([
			'2026-12-31T23:00:00.000Z',
			'2027-01-01T01:00:00.000Z',
			'2027-01-01T22:00:00.000Z',
			'2027-01-02T03:00:00.000Z'
		]);
	});

	it('takes the date of a dated line for the date-less lines after it', () => {
		const { entries } = parseTimelinePaste('2026-01-01 23:50 a\n23:55 b\n00:10 c\n2026-02-03 09:00 d\n09:05 e', utc);
		expect(entries.map((e) => e.at)).toEqual([
			'2026-01-01T23:50:00.000Z',
			'2026-01-01T23:55:00.000Z',
			'2026-01-02T00:10:00.000Z',
			'2026-02-03T09:00:00.000Z',
			'2026-02-03T09:05:00.000Z'
		]);
	});

	it('resolves a time in a DST gap forward', () => {
		expect(one('02:30 deploy', { zone: 'Europe/Berlin', defaultDate: '2026-03-29' }).at).toBe('2026-03-29T01:30:00.000Z');
	});
});

describe('times with a date', () => {
	it('accepts the usual spellings', () => {
		expect(one('2026-01-05 14:02 UTC rollback started', berlin).at).toBe('2026-01-05T14:02:00.000Z');
		expect(one('2026-01-05T14:02Z rollback started', berlin).at).toBe('2026-01-05T14:02:00.000Z');
		expect(one('2026-01-05T14:02:00+01:00 rollback started').at).toBe('2026-01-05T13:02:00.000Z');
		expect(one('2026-01-05T14:02:00.250-05:00 rollback started').at).toBe('2026-01-05T19:02:00.250Z');
		expect(one('2026-01-05 14:02 Europe/Berlin rollback started').at).toBe('2026-01-05T13:02:00.000Z');
		expect(one('2026-01-05 14:02 America/Argentina/Buenos_Aires x').at).toBe('2026-01-05T17:02:00.000Z');
		expect(one('2026-01-05 14:02 rollback started', berlin).at).toBe('2026-01-05T13:02:00.000Z');
		expect(one('2026-01-05 14:02 +0100 rollback started').at).toBe('2026-01-05T13:02:00.000Z');
		expect(one('2026-01-05 14:02 GMT rollback started', berlin).at).toBe('2026-01-05T14:02:00.000Z');
		expect(one('2026-01-05 14:02 UTC+1 rollback started').at).toBe('2026-01-05T13:02:00.000Z');
		expect(one('2026-01-05 2:02 pm rollback started').at).toBe('2026-01-05T14:02:00.000Z');
		expect(one('2026-07-05 14:02 rollback started', berlin).at).toBe('2026-07-05T12:02:00.000Z');
	});

	it('uses the stated date, not the default one', () => {
		expect(one('2025-12-31 23:59 deploy', berlin).at).toBe('2025-12-31T22:59:00.000Z');
	});
});

describe('separators, list markers and chat copies', () => {
	it('strips list markers and separators', () => {
		for (const line of [
			'- 14:02 - alert fired',
			'* 14:02 – alert fired',
			'1. 14:02: alert fired',
			'12) 14:02 | alert fired',
			'14:02\talert fired',
			'14:02 — alert fired',
			'• 14:02|alert fired',
			'   14:02    alert fired   '
		]) {
			expect(one(line).description, line).toBe('alert fired');
		}
	});

	it('keeps the name in Slack-style copies', () => {
		expect(one('[14:02] alice: rolled back')).toMatchObject({
			at: '2026-01-05T14:02:00.000Z',
			kind: 'mitigation',
			description: 'alice: rolled back'
		});
		expect(one('[2:02 PM] bob: customers notified').at).toBe('2026-01-05T14:02:00.000Z');
		expect(one('- [2026-01-05 14:02 UTC] carol: all clear', berlin)).toMatchObject({ at: '2026-01-05T14:02:00.000Z', kind: 'resolution' });
	});

	it('does not take a range or a path for a zone', () => {
		expect(one('14:02-14:30 elevated errors').description).toBe('14:30 elevated errors');
		expect(one('14:02 TCP/IP errors').description).toBe('TCP/IP errors');
		expect(one('14:02 DB failover').description).toBe('DB failover');
	});

	it('ignores blank lines but keeps line numbers', () => {
		const { entries } = parseTimelinePaste('\n14:02 a\r\n\r\n   \n14:05 b\n', utc);
		expect(entries.map((e) => e.line)).toEqual([2, 5]);
	});
});

describe('kinds', () => {
	it('lets an explicit tag win', () => {
		expect(one('14:02 [detection] rolled back')).toMatchObject({ kind: 'detection', description: 'rolled back' });
		expect(one('14:02 (mitigation) something')).toMatchObject({ kind: 'mitigation', description: 'something' });
		expect(one('14:02 - Communication: status page updated')).toMatchObject({ kind: 'communication', description: 'status page updated' });
		expect(one('[14:02] [Trigger] alice: x')).toMatchObject({ kind: 'trigger', description: 'alice: x' });
	});

	it('guesses from keywords', () => {
		const cases: [string, string][] = [
			['deployed v2.3.1 to prod', 'trigger'],
			['config change merged', 'trigger'],
			['TLS cert expired', 'trigger'],
			['started rollout of the new cache', 'trigger'],
			['PagerDuty alert fired', 'detection'],
			['support noticed 500s', 'detection'],
			['customer reported checkout failures', 'detection'],
			['on-call paged', 'detection'],
			['escalated to the database team', 'escalation'],
			['SEV1 incident declared', 'escalation'],
			['paged in the payments team', 'escalation'],
			['status page updated', 'communication'],
			['customers notified of the rollback', 'communication'],
			['posted in #incidents', 'communication'],
			['rolled back the deploy', 'mitigation'],
			['rollback started', 'mitigation'],
			['failover to eu-west', 'mitigation'],
			['disabled the feature flag', 'mitigation'],
			['restarted the workers', 'mitigation'],
			['deployed hotfix', 'mitigation'],
			['alert resolved', 'resolution'],
			['error rate back to normal', 'resolution'],
			['all clear', 'resolution'],
			['investigating elevated latency', 'action'],
			['checked the dashboards', 'action'],
			['ran the migration script', 'action'],
			['coffee', 'other']
		];
		for (const [text, kind] of cases) expect(guessTimelineKind(text), text).toBe(kind);
	});
});

describe('errors', () => {
	it('explains a line without a time', () => {
		const error = failure('alert fired at some point');
		expect(error).toMatchObject({ line: 1, text: 'alert fired at some point' });
		expect(error.reason).toContain('no time at the start of the line');
		expect(failure('[detection] 14:02 x').reason).toContain('no time at the start of the line');
		expect(failure('14:02alert').reason).toContain('no time at the start of the line');
	});

	it('explains impossible times and dates', () => {
		expect(failure('25:61 alert').reason).toMatch(/^not a real time: 25:61/);
		expect(failure('14:02:60 alert').reason).toMatch(/^not a real time/);
		expect(failure('13:02 pm alert').reason).toMatch(/^not a real time: 13:02 pm.*1 to 12/);
		expect(failure('2026-02-30 14:02 alert').reason).toBe('not a real date: 2026-02-30 (February 2026 has 28 days)');
		expect(failure('2026-13-01 14:02 alert').reason).toMatch(/^not a real date: 2026-13-01/);
		expect(failure('2026-01-05 alert').reason).toMatch(/^no time after the date 2026-01-05/);
		expect(failure('2026-01-05 14:02 +1500 alert').reason).toMatch(/^not a real UTC offset/);
	});

	it('refuses ambiguous zone abbreviations with a suggestion', () => {
		const cet = failure('2026-01-05 14:02 CET rollback');
		expect(cet.reason).toContain('"CET" is ambiguous');
		expect(cet.reason).toContain('Europe/Berlin');
		expect(failure('14:02 PST deploy').reason).toContain('America/Los_Angeles');
		expect(failure('[14:02 IST] x').reason).toContain('ambiguous');
	});

	it('refuses misspelt zone names', () => {
		expect(failure('14:02 Europe/Berln deploy').reason).toContain('unknown time zone "Europe/Berln"');
	});

	it('refuses a time with nothing after it', () => {
		expect(failure('14:02').reason).toContain('nothing after the time');
		expect(failure('14:02 - ').reason).toContain('nothing after the time');
		expect(failure('14:02 [detection]').reason).toContain('nothing after the time');
		expect(failure('[14:02]').reason).toContain('nothing after the time');
	});

	it('refuses very long lines', () => {
		const error = failure(`14:02 ${'x'.repeat(2000)}`);
		expect(error.reason).toContain('2006 characters');
		expect(error.text.length).toBeLessThanOrEqual(201);
		expect(one(`14:02 ${'x'.repeat(1994)}`).description).toHaveLength(1994);
	});

	it('reports errors and entries side by side with their line numbers', () => {
		const { entries, errors } = parseTimelinePaste('14:02 deploy\nhello\n\n14:10 alert fired\n99:00 x', utc);
		expect(entries.map((e) => e.line)).toEqual([1, 4]);
		expect(errors.map((e) => e.line)).toEqual([2, 5]);
	});

	it('reads at most 500 lines and says so once', () => {
		const lines = Array.from({ length: 520 }, (_, i) => `${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} step ${i}`);
		const { entries, errors } = parseTimelinePaste(['', ...lines].join('\n'), utc);
		expect(entries).toHaveLength(MAX_PASTE_LINES);
		expect(errors).toHaveLength(1);
		expect(errors[0].line).toBe(502);
		expect(errors[0].reason).toContain('at most 500 lines');
		expect(errors[0].reason).toContain('the 19 after it');
	});

	it('throws on a broken context, which is a caller bug', () => {
		expect(() => parseTimelinePaste('14:02 x', { zone: 'Nowhere', defaultDate: '2026-01-05' })).toThrow(RangeError);
		expect(() => parseTimelinePaste('14:02 x', { zone: 'UTC', defaultDate: '05/01/2026' })).toThrow(RangeError);
	});
});
