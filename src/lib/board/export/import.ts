/**
 * A checked export file (parseExportFile) written into a new board's documents, keeping
 * record ids so links between factors and actions survive. The canvas drawing itself is not
 * part of an export; its factors, causal links and vote totals are.
 */
import type * as Y from 'yjs';
import { actionRecords, factorRecords, initBoard, listItems, Origin, textField, timelineRecords, whyChainRecords } from '../schema.ts';
import { publishResults, restoreAttendees, setNoteTaker, setPhase } from '../control.ts';
import { setDate, setImpactAnswer, setSeverity, setStatus } from '../header.ts';
import { timelineRecord } from '../timeline.ts';
import { whyChainRecord } from '../why.ts';
import { factorRecord } from '../factors.ts';
import { actionRecord } from '../actions.ts';
import { listItemRecord } from '../lists.ts';
import { addImportedLinks } from '../causal-links.ts';
import type { ExportFile } from './json.ts';

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
		setStatus(board, b.header.status, Origin.server);
		setSeverity(board, b.header.severity, Origin.server);
		setDate(board, 'incidentDate', b.header.incidentDate, Origin.server);
		setDate(board, 'followUpDate', b.followUpDate, Origin.server);
		setImpactAnswer(board, 'dataLost', b.impact.dataLost, Origin.server);
		setImpactAnswer(board, 'customerFacing', b.impact.customerFacing, Origin.server);
		for (const e of b.timeline) timelineRecords(board).set(e.id, timelineRecord(e));
		// Chains are listed by creation time: one second apart keeps the file's order.
		b.whyChains.forEach((chain, i) => whyChainRecords(board).set(chain.id, whyChainRecord(chain, new Date(Date.UTC(2000, 0, 1, 0, 0, i)).toISOString())));
		for (const f of b.factors) factorRecords(board).set(f.id, factorRecord(f));
		for (const a of b.actions) actionRecords(board).set(a.id, actionRecord(a));
		listItems(board, 'wentWell').push(b.wentWell.map(listItemRecord));
		listItems(board, 'lucky').push(b.lucky.map(listItemRecord));
		addImportedLinks(board, file.causalLinks, Origin.server);
	}, Origin.server);

	control.transact(() => {
		restoreAttendees(control, file.attendees);
		if (file.noteTaker) setNoteTaker(control, file.noteTaker);
		setPhase(control, 'ended');
		if (file.votes) publishResults(control, file.votes, 1);
	}, Origin.server);
}
