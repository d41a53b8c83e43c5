/** The header, impact answers and follow-up date: scalar values plus named free-text fields. */
import type * as Y from 'yjs';
import { headerValues, impactValues, Origin, textField } from './schema.ts';
import { BOARD_STATUSES, SEVERITIES, type BoardHeader, type BoardStatus, type Impact, type Severity } from './types.ts';
import { InvalidInputError } from './errors.ts';
import { readDate } from './records.ts';

const isZone = (zone: string) => {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
};

function setHeader(doc: Y.Doc, key: string, value: unknown, origin: Origin): void {
	doc.transact(() => {
		if (value === null) headerValues(doc).delete(key);
		else headerValues(doc).set(key, value);
	}, origin);
}

export function setSeverity(doc: Y.Doc, severity: Severity | null, origin: Origin = Origin.user): void {
	if (severity !== null && !SEVERITIES.includes(severity)) throw new InvalidInputError(`unknown severity: ${String(severity)}`);
	setHeader(doc, 'severity', severity, origin);
}

export function setStatus(doc: Y.Doc, status: BoardStatus, origin: Origin = Origin.user): void {
	if (!BOARD_STATUSES.includes(status)) throw new InvalidInputError(`unknown status: ${String(status)}`);
	setHeader(doc, 'status', status, origin);
}

export function setTimeZone(doc: Y.Doc, zone: string, origin: Origin = Origin.user): void {
	if (!isZone(zone)) throw new InvalidInputError(`unknown time zone: ${zone}`);
	setHeader(doc, 'timeZone', zone, origin);
}

/** `field` is incidentDate or followUpDate; dates are YYYY-MM-DD, null clears. */
export function setDate(doc: Y.Doc, field: 'incidentDate' | 'followUpDate', date: string | null, origin: Origin = Origin.user): void {
	if (date !== null && readDate(date) !== date) throw new InvalidInputError(`not a date: ${date}`);
	setHeader(doc, field, date, origin);
}

export function setImpactAnswer(doc: Y.Doc, field: 'dataLost' | 'customerFacing', answer: boolean | null, origin: Origin = Origin.user): void {
	doc.transact(() => {
		if (answer === null) impactValues(doc).delete(field);
		else impactValues(doc).set(field, answer);
	}, origin);
}

export function readHeader(doc: Y.Doc): BoardHeader {
	const values = headerValues(doc);
	const severity = values.get('severity');
	const status = values.get('status');
	const zone = values.get('timeZone');
	return {
		title: textField(doc, 'title').toString(),
		incident: textField(doc, 'incident').toString(),
		severity: SEVERITIES.includes(severity as Severity) ? (severity as Severity) : null,
		services: textField(doc, 'services').toString(),
		incidentDate: readDate(values.get('incidentDate')),
		timeZone: typeof zone === 'string' && isZone(zone) ? zone : 'UTC',
		status: BOARD_STATUSES.includes(status as BoardStatus) ? (status as BoardStatus) : 'draft'
	};
}

export function readFollowUpDate(doc: Y.Doc): string | null {
	return readDate(headerValues(doc).get('followUpDate'));
}

export function readImpact(doc: Y.Doc): Impact {
	const answer = (key: string) => {
		const value = impactValues(doc).get(key);
		return typeof value === 'boolean' ? value : null;
	};
	return {
		usersAffected: textField(doc, 'usersAffected').toString(),
		dataLost: answer('dataLost'),
		dataLostWhat: textField(doc, 'dataLostWhat').toString(),
		financialImpact: textField(doc, 'financialImpact').toString(),
		customerFacing: answer('customerFacing')
	};
}
