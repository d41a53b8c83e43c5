/**
 * A checked export file (parseExportFile) written into a new board's documents, keeping
 * record ids so links between factors and actions survive. The canvas drawing itself is not
 * part of an export; its factors, causal links and vote totals are.
 */
import * as Y from 'yjs';
import { actionRecords, attendeeMap, causalLinkRecords, factorRecords, headerValues, impactValues, initBoard, listItems, meetingMap, Origin, textField, timelineRecords, votingMap, whyChainRecords } from '../schema.ts';
import type { ExportFile } from './json.ts';

function record(values: Record<string, unknown>, texts: Record<string, string>): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(values)) if (value !== null && value !== undefined) map.set(key, value);
	for (const [key, value] of Object.entries(texts)) map.set(key, new Y.Text(value));
	return map;
}

export function writeImportedBoard(file: ExportFile, board: Y.Doc, control: Y.Doc): void {
	const b = file.board;
	initBoard(board, { title: b.header.title, timeZone: b.header.timeZone });
	board.transact(() => {
		textField(board, 'incident').insert(0, b.header.incident);
		textField(board, 'services').insert(0, b.header.services);
		textField(board, 'summary').insert(0, b.summary);
		textField(board, 'notes').insert(0, b.notes);
		textField(board, 'usersAffected').insert(0, b.impact.usersAffected);
		textField(board, 'dataLostWhat').insert(0, b.impact.dataLostWhat);
		textField(board, 'financialImpact').insert(0, b.impact.financialImpact);
		const header = headerValues(board);
		header.set('status', b.header.status);
		for (const [key, value] of [
			['severity', b.header.severity],
			['incidentDate', b.header.incidentDate],
			['followUpDate', b.followUpDate]
		] as const)
			if (value !== null) header.set(key, value);
		if (b.impact.dataLost !== null) impactValues(board).set('dataLost', b.impact.dataLost);
		if (b.impact.customerFacing !== null) impactValues(board).set('customerFacing', b.impact.customerFacing);
		for (const e of b.timeline) timelineRecords(board).set(e.id, record({ id: e.id, at: e.at, kind: e.kind, author: e.author, createdAt: e.createdAt }, { description: e.description }));
		b.whyChains.forEach((chain, i) => {
			const steps = new Y.Map<Y.Map<unknown>>();
			chain.steps.forEach((step, n) => steps.set(step.id, record({ id: step.id, order: n + 1 }, { why: step.why, because: step.because })));
			const map = record({ id: chain.id, createdAt: new Date(Date.UTC(2000, 0, 1, 0, 0, i)).toISOString() }, { problem: chain.problem });
			map.set('steps', steps);
			whyChainRecords(board).set(chain.id, map);
		});
		for (const f of b.factors) factorRecords(board).set(f.id, record({ id: f.id, category: f.category, createdAt: f.createdAt }, { title: f.title, description: f.description }));
		for (const a of b.actions)
			actionRecords(board).set(a.id, record({ id: a.id, due: a.due, priority: a.priority, status: a.status, factorId: a.factorId, createdAt: a.createdAt }, { title: a.title, owner: a.owner }));
		listItems(board, 'wentWell').push(b.wentWell.map((item) => record({ id: item.id }, { text: item.text })));
		listItems(board, 'lucky').push(b.lucky.map((item) => record({ id: item.id }, { text: item.text })));
		// Not canvas-owned ids (those start with "shape:"), so the canvas leaves them alone; the
		// padded index keeps the file's order, as links are listed by id.
		file.causalLinks.forEach((link, i) => causalLinkRecords(board).set(`import-${String(i).padStart(4, '0')}`, { from: link.from, to: link.to }));
	}, Origin.server);

	control.transact(() => {
		file.attendees.forEach((a, i) => attendeeMap(control).set(a.name, { role: a.role, since: i }));
		if (file.noteTaker) meetingMap(control).set('noteTaker', file.noteTaker);
		meetingMap(control).set('phase', 'ended');
		if (file.votes) {
			votingMap(control).set('round', 1);
			votingMap(control).set('open', false);
			votingMap(control).set('results', file.votes);
		}
	}, Origin.server);
}
