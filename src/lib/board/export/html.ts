/**
 * The writeup as one standalone HTML page: inline styles, no scripts, a restrictive
 * Content-Security-Policy, and a print stylesheet so "Save as PDF" gives a clean document
 * with each major section starting on a new page. People's text is always escaped; the
 * canvas picture is an <img> with a data: URL, where SVG can never run script.
 */
import { buildWriteup, type ExportInput, type ExportOptions } from './model.ts';
import { escapeHtml } from './escape.ts';
import { capitalise, durationText, orDash, PARTICIPANTS_TITLE, timeIn, yesNo, zoneNote } from './labels.ts';
import { sectionTitle } from '../sections.ts';

/** No scripts, no outside requests: only inline styles and data: images. */
export const HTML_EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const e = (text: string) => escapeHtml(text);
/** Multi-line text: escaped, line breaks kept. */
const p = (text: string) => e(text.trim()).replace(/\r?\n/g, '<br>');
const none = (what: string) => `<p class="none">${e(what)}</p>`;

function table(headers: string[], rows: string[][]): string {
	return `<table><thead><tr>${headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows
		.map((row) => `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`)
		.join('')}</tbody></table>`;
}

const section = (id: string, title: string, body: string, major = true) =>
	`<section id="${id}"${major ? ' class="major"' : ''}><h2>${e(title)}</h2>${body}</section>`;

const list = (items: string[], empty: string) => (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : none(empty));

const STYLE = `
body { font: 11pt/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1b1f; max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.9rem; margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #1f4b99; padding-bottom: 0.2rem; margin-top: 2rem; } h3 { margin-bottom: 0.3rem; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; } th, td { border: 1px solid #c9ced6; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eef1f6; } .meta td:first-child { width: 12rem; font-weight: 600; } .none { color: #5f6368; font-style: italic; }
.durations { display: flex; gap: 1rem; flex-wrap: wrap; } .durations div { background: #f4f5f7; border-radius: 6px; padding: 0.4rem 0.8rem; }
.durations strong { display: block; font-size: 1.2rem; } .steps li { margin-bottom: 0.4rem; } .canvas img { max-width: 100%; border: 1px solid #c9ced6; }
footer { margin-top: 2.5rem; color: #5f6368; font-size: 0.85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  section.major { break-before: page; }
  h2, h3 { break-after: avoid; } tr, li, .durations div { break-inside: avoid; }
  @page { margin: 18mm 16mm; }
}`;

export function renderHtml(input: ExportInput, options?: ExportOptions): string {
	const w = buildWriteup(input, options);
	const { board, durations } = w;
	const zone = board.header.timeZone;
	const title = orDash(board.header.title);
	const parts: string[] = [];

	parts.push(
		`<header><h1>${e(title)}</h1>${table(
			['Field', 'Value'],
			[
				['Incident', e(orDash(board.header.incident))],
				['Severity', e(orDash(board.header.severity))],
				['Services affected', e(orDash(board.header.services))],
				['Incident date', e(orDash(board.header.incidentDate))],
				['Status', e(capitalise(board.header.status))],
				['Time zone', e(zone)],
				['Follow-up date', e(orDash(board.followUpDate))]
			]
		).replace('<table>', '<table class="meta">')}</header>`
	);

	parts.push(section('summary', sectionTitle('summary'), board.summary.trim() ? `<p>${p(board.summary)}</p>` : none('No summary yet.'), false));

	parts.push(
		section(
			'impact',
			sectionTitle('impact'),
			`<ul><li><strong>Users affected:</strong> ${e(orDash(board.impact.usersAffected))}</li><li><strong>Duration:</strong> ${e(durationText(durations.impactDuration))}</li><li><strong>Data lost:</strong> ${yesNo(board.impact.dataLost)}${
				board.impact.dataLost && board.impact.dataLostWhat.trim() ? ` — ${e(board.impact.dataLostWhat)}` : ''
			}</li><li><strong>Financial impact:</strong> ${e(orDash(board.impact.financialImpact))}</li><li><strong>Customer-facing:</strong> ${yesNo(board.impact.customerFacing)}</li></ul><div class="durations">${(
				[
					['Time to detect', durations.timeToDetect],
					['Time to mitigate', durations.timeToMitigate],
					['Time to resolve', durations.timeToResolve]
				] as const
			)
				.map(([label, d]) => `<div>${e(label)}<strong>${e(durationText(d))}</strong></div>`)
				.join('')}</div>`,
			false
		)
	);

	parts.push(
		section(
			'timeline',
			sectionTitle('timeline'),
			board.timeline.length === 0
				? none('No timeline entries.')
				: `<p>${e(zoneNote(zone, board.timeline[0]?.at))}</p>${table(
						['Time', 'Kind', 'What happened', 'Added by'],
						board.timeline.map((x) => [e(timeIn(x.at, zone)), e(x.kind), p(orDash(x.description)), e(orDash(x.author))])
					)}`
		)
	);

	parts.push(
		section(
			'why',
			sectionTitle('why'),
			board.whyChains.length === 0
				? none('No why chains.')
				: board.whyChains
						.map(
							(c, i) =>
								`<h3>${i + 1}. ${e(orDash(c.problem))}</h3><ol class="steps">${c.steps
									.map((s) => `<li><strong>Why?</strong> ${p(orDash(s.why))}<br><strong>Because</strong> ${p(orDash(s.because))}</li>`)
									.join('')}</ol>`
						)
						.join('')
		)
	);

	const links = input.causalLinks.length
		? `<h3>How the factors connect</h3>${list(input.causalLinks.map((l) => `${e(w.factorTitle(l.from))} contributed to ${e(w.factorTitle(l.to))}`), '')}`
		: '';
	const canvas = input.canvasSvg
		? `<figure class="canvas"><img alt="${e(sectionTitle('canvas'))}" src="data:image/svg+xml;base64,${base64(input.canvasSvg)}"><figcaption>${e(sectionTitle('canvas'))}</figcaption></figure>`
		: '';
	parts.push(
		section(
			'factors',
			sectionTitle('factors'),
			(board.factors.length === 0
				? none('No contributing factors.')
				: table(
						['Factor', 'Category', 'Votes', 'Description'],
						board.factors.map((f) => [e(w.factorTitle(f.id)), e(f.category), w.factorVotes(f.id), p(orDash(f.description))])
					)) +
				links +
				canvas
		)
	);

	parts.push(
		section(
			'actions',
			sectionTitle('actions'),
			board.actions.length === 0
				? none('No action items.')
				: table(
						['Action', 'Owner', 'Due', 'Priority', 'Status', 'Addresses factor'],
						board.actions.map((a) => [p(orDash(a.title)), e(orDash(a.owner)), e(orDash(a.due)), e(a.priority), e(a.status), e(w.factorTitle(a.factorId))])
					)
		)
	);

	parts.push(
		section(
			'went-well',
			sectionTitle('wentWell'),
			list(
				board.wentWell.filter((i) => i.text.trim()).map((i) => p(i.text)),
				'None recorded.'
			) +
				`<h2>${e(sectionTitle('lucky'))}</h2>` +
				list(
					board.lucky.filter((i) => i.text.trim()).map((i) => p(i.text)),
					'None recorded.'
				)
		)
	);
	if (w.options.includeNotes) parts.push(section('notes', sectionTitle('notes'), board.notes.trim() ? `<p>${p(board.notes)}</p>` : none('No notes.'), false));
	parts.push(
		section(
			'participants',
			PARTICIPANTS_TITLE,
			(w.participants.length ? table(['Name', 'Role'], w.participants.map((x) => [e(x.name), e(x.role)])) : none('Not recorded.')) +
				`<h2>${e(sectionTitle('followUp'))}</h2>` +
				(board.followUpDate ? `<p>Follow-up meeting to verify the action items: <strong>${e(board.followUpDate)}</strong>.</p>` : none('No follow-up date set.')),
			false
		)
	);

	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(HTML_EXPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(title)} · Postmortem</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join('\n')}
<footer>Exported from Debrief on ${e(input.exportedAt.slice(0, 10))}.</footer>
</body>
</html>
`;
}

function base64(text: string): string {
	const bytes = new TextEncoder().encode(text);
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}
