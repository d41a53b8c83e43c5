/**
 * The writeup as GitHub-flavoured Markdown: pastes cleanly into GitHub, GitLab and
 * Confluence. Every piece of people's text goes through escapeMarkdown.
 */
import { buildWriteup, type ExportInput, type ExportOptions } from './model.ts';
import { escapeMarkdown } from './escape.ts';
import { capitalise, durationText, orDash, PARTICIPANTS_TITLE, timeIn, yesNo, zoneNote } from './labels.ts';
import { sectionTitle } from '../sections.ts';

const t = (text: string) => escapeMarkdown(text);
const cell = (text: string) => escapeMarkdown(orDash(text), { table: true });

function table(headers: string[], rows: string[][]): string {
	return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

const list = (items: string[]) => (items.length ? items.map((item) => `- ${item}`).join('\n') : '_None recorded._');

/** The name of the accompanying canvas picture file the Markdown refers to. */
export function canvasFileName(title: string): string {
	const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'postmortem';
	return `${slug}-canvas.svg`;
}

export function renderMarkdown(input: ExportInput, options?: ExportOptions): string {
	const w = buildWriteup(input, options);
	const { board, durations } = w;
	const zone = board.header.timeZone;
	const out: string[] = [];

	out.push(`# ${t(orDash(board.header.title))}`);
	out.push(
		table(
			['Field', 'Value'],
			[
				['Incident', cell(board.header.incident)],
				['Severity', cell(board.header.severity ?? '')],
				['Services affected', cell(board.header.services)],
				['Incident date', cell(board.header.incidentDate ?? '')],
				['Status', cell(capitalise(board.header.status))],
				['Time zone', cell(zone)]
			]
		)
	);

	out.push(`## ${sectionTitle('summary')}`, board.summary.trim() ? t(board.summary) : '_No summary yet._');

	out.push(
		`## ${sectionTitle('impact')}`,
		list([
			`**Users affected:** ${t(orDash(board.impact.usersAffected))}`,
			`**Duration:** ${t(durationText(durations.impactDuration))}`,
			`**Data lost:** ${yesNo(board.impact.dataLost)}${board.impact.dataLost && board.impact.dataLostWhat.trim() ? ` — ${t(board.impact.dataLostWhat)}` : ''}`,
			`**Financial impact:** ${t(orDash(board.impact.financialImpact))}`,
			`**Customer-facing:** ${yesNo(board.impact.customerFacing)}`
		]),
		table(
			['Time to detect', 'Time to mitigate', 'Time to resolve'],
			[[cell(durationText(durations.timeToDetect)), cell(durationText(durations.timeToMitigate)), cell(durationText(durations.timeToResolve))]]
		)
	);

	out.push(`## ${sectionTitle('timeline')}`);
	if (board.timeline.length === 0) out.push('_No timeline entries._');
	else
		out.push(
			t(zoneNote(zone, board.timeline[0]?.at)),
			table(
				['Time', 'Kind', 'What happened', 'Added by'],
				board.timeline.map((e) => [cell(timeIn(e.at, zone)), cell(e.kind), cell(e.description), cell(e.author)])
			)
		);

	out.push(`## ${sectionTitle('why')}`);
	if (board.whyChains.length === 0) out.push('_No why chains._');
	board.whyChains.forEach((chain, i) => {
		out.push(`### ${i + 1}. ${t(orDash(chain.problem))}`);
		out.push(chain.steps.map((s, n) => `${n + 1}. **Why?** ${t(orDash(s.why))}  \n   **Because** ${t(orDash(s.because))}`).join('\n') || '_No steps._');
	});

	out.push(`## ${sectionTitle('factors')}`);
	if (board.factors.length === 0) out.push('_No contributing factors._');
	else
		out.push(
			table(
				['Factor', 'Category', 'Votes', 'Description'],
				board.factors.map((f) => [cell(w.factorTitle(f.id)), cell(f.category), w.factorVotes(f.id), cell(f.description)])
			)
		);
	if (input.causalLinks.length > 0) {
		out.push('**How the factors connect:**', list(input.causalLinks.map((l) => `${t(w.factorTitle(l.from))} contributed to ${t(w.factorTitle(l.to))}`)));
	}
	if (input.canvasSvg) out.push(`### ${sectionTitle('canvas')}`, `![${sectionTitle('canvas')}](${canvasFileName(input.board.header.title)})`);

	out.push(`## ${sectionTitle('actions')}`);
	if (board.actions.length === 0) out.push('_No action items._');
	else
		out.push(
			table(
				['Action', 'Owner', 'Due', 'Priority', 'Status', 'Addresses factor'],
				board.actions.map((a) => [cell(a.title), cell(a.owner), cell(a.due ?? ''), cell(a.priority), cell(a.status), cell(w.factorTitle(a.factorId))])
			)
		);

	out.push(`## ${sectionTitle('wentWell')}`, list(board.wentWell.filter((i) => i.text.trim()).map((i) => t(i.text))));
	out.push(`## ${sectionTitle('lucky')}`, list(board.lucky.filter((i) => i.text.trim()).map((i) => t(i.text))));
	if (w.options.includeNotes) out.push(`## ${sectionTitle('notes')}`, board.notes.trim() ? t(board.notes) : '_No notes._');

	out.push(`## ${PARTICIPANTS_TITLE}`);
	out.push(w.participants.length ? table(['Name', 'Role'], w.participants.map((p) => [cell(p.name), cell(p.role)])) : '_Not recorded._');

	out.push(`## ${sectionTitle('followUp')}`, board.followUpDate ? `Follow-up meeting to verify the action items: **${board.followUpDate}**.` : '_No follow-up date set._');

	out.push('---', `_Exported from Debrief on ${t(input.exportedAt.slice(0, 10))}._`);
	return out.join('\n\n') + '\n';
}
