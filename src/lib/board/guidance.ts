/**
 * Facilitation guidance: gentle, inline notes that keep the meeting on the method — blameless
 * wording, why chains that reach the system, and action items that can actually be finished.
 * Pure functions over the board as plain data, recomputed on every change.
 */
import { findBlame, leadingPerson, type BlameRule } from './blame.ts';
import type { ActionItem, BoardData, ContributingFactor, WhyChain } from './types.ts';

/** Board sections in display order; guidance and completeness are keyed by these. */
export const SECTION_IDS = [
	'header',
	'summary',
	'impact',
	'timeline',
	'why',
	'factors',
	'canvas',
	'actions',
	'wentWell',
	'lucky',
	'notes',
	'followUp'
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const GUIDANCE_RULES = [
	'blame-language',
	'why-stops-at-person',
	'why-empty',
	'why-unanswered',
	'action-empty',
	'action-vague',
	'action-no-owner',
	'action-no-due',
	'action-no-factor',
	'action-dangling-factor',
	'factor-no-action',
	'factor-only-wont-do'
] as const;
export type GuidanceRule = (typeof GUIDANCE_RULES)[number];

export type GuidanceTargetKind =
	| 'timeline'
	| 'summary'
	| 'notes'
	| 'why'
	| 'factor'
	| 'action'
	| 'impact'
	| 'wentWell'
	| 'lucky'
	| 'header';

/** The board element a flag is about, so the UI can place the note next to it. */
export interface GuidanceTarget {
	kind: GuidanceTargetKind;
	/** Record id: timeline entry, why chain, factor, action or list item. Absent for singletons (summary, notes, impact, header). */
	id?: string;
	/** For why chains: the step the flag is about, when it is about one step. */
	stepId?: string;
	/** The field as named in BoardData: 'description', 'because', 'title', 'owner', 'usersAffected', … */
	field?: string;
}

export interface GuidanceFlag {
	/** Stable for the same problem across recomputations (never contains offsets), for keyed lists. */
	id: string;
	section: SectionId;
	target: GuidanceTarget;
	rule: GuidanceRule;
	severity: 'info' | 'warning';
	message: string;
	suggestion?: string;
	/** Character range in target.field's text, for highlighting; only on text flags. */
	range?: { start: number; end: number };
	/** The flagged words, for blame language. */
	phrase?: string;
	/** Which blame rule matched, for blame language. */
	blameRule?: BlameRule;
}

const SECTION_OF: Record<GuidanceTargetKind, SectionId> = {
	header: 'header',
	summary: 'summary',
	impact: 'impact',
	timeline: 'timeline',
	why: 'why',
	factor: 'factors',
	action: 'actions',
	wentWell: 'wentWell',
	lucky: 'lucky',
	notes: 'notes'
};

/** A key for one target, also used in flag ids: "why:<chainId>:<stepId>:because". */
export function targetKey(target: GuidanceTarget): string {
	return [target.kind, target.id ?? '', target.stepId ?? '', target.field ?? ''].join(':');
}

/** The flags about one element (any field when field is omitted), for placing them inline. */
export function flagsFor(flags: GuidanceFlag[], target: GuidanceTarget): GuidanceFlag[] {
	return flags.filter(
		(f) =>
			f.target.kind === target.kind &&
			(target.id === undefined || f.target.id === target.id) &&
			(target.stepId === undefined || f.target.stepId === target.stepId) &&
			(target.field === undefined || f.target.field === target.field)
	);
}

function flag(
	target: GuidanceTarget,
	rule: GuidanceRule,
	severity: GuidanceFlag['severity'],
	message: string,
	suggestion?: string
): GuidanceFlag {
	return { id: `${rule}:${targetKey(target)}`, section: SECTION_OF[target.kind], target, rule, severity, message, suggestion };
}

// ---------------------------------------------------------------------------------------
// Blame language

/**
 * Blame flags for one text field. Ids use the phrase and its occurrence number, not offsets,
 * so a note keeps its identity while someone types earlier in the same field.
 */
export function checkText(text: string, target: GuidanceTarget, participantNames?: string[]): GuidanceFlag[] {
	const seen = new Map<string, number>();
	return findBlame(text, { participantNames }).map((b) => {
		const phrase = b.phrase.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
		const n = seen.get(phrase) ?? 0;
		seen.set(phrase, n + 1);
		return {
			id: `blame-language:${targetKey(target)}:${phrase}:${n}`,
			section: SECTION_OF[target.kind],
			target,
			rule: 'blame-language',
			severity: 'warning',
			message: b.message,
			suggestion: b.suggestion,
			range: { start: b.start, end: b.end },
			phrase: b.phrase,
			blameRule: b.rule
		};
	});
}

// ---------------------------------------------------------------------------------------
// Why chains

const answered = (text: string) => text.trim().length > 0;

/**
 * The method's core question: does the chain reach the system, or stop at a person or at
 * "human error"? Also notes chains that have not started or whose last why is unanswered.
 */
export function checkWhyChain(chain: WhyChain, participantNames?: string[]): GuidanceFlag[] {
	const steps = chain.steps.filter((s) => answered(s.why) || answered(s.because));
	if (steps.length === 0) {
		return [
			flag(
				{ kind: 'why', id: chain.id },
				'why-empty',
				'info',
				'This chain has no whys yet.',
				chain.problem.trim()
					? `Start with: why did “${chain.problem.trim()}” happen?`
					: 'Start from what went wrong, then ask why it happened.'
			)
		];
	}
	const last = chain.steps[chain.steps.length - 1];
	const target: GuidanceTarget = { kind: 'why', id: chain.id, stepId: last.id, field: 'because' };
	if (!answered(last.because)) {
		return [flag(target, 'why-unanswered', 'info', 'The last why has no answer yet.', 'Answer it, or remove the step.')];
	}
	const blame = findBlame(last.because, { participantNames });
	const person = leadingPerson(last.because, { participantNames });
	if (blame.length === 0 && person === null) return [];
	const humanError = blame.some((b) => b.rule === 'human-error');
	return [
		flag(
			target,
			'why-stops-at-person',
			// Blame words make it certain; a bare name ("because Bob pushed the config") is a gentler nudge.
			blame.length > 0 ? 'warning' : 'info',
			humanError
				? 'This chain stops at “human error”. Ask one more why: what let that mistake cascade?'
				: 'This chain stops at a person. Ask one more why: what let that mistake cascade?',
			'What made the action possible or likely — the tooling, the process, the information at hand?'
		)
	];
}

// ---------------------------------------------------------------------------------------
// Action items

const STOPWORDS = new Set(
	`a an the to of for on in at by with and or but from into onto about this that these those it its our their
	we us all any some more most less much many very so such as is are be was were been being do does did done
	should must will would could can may might need needs have has had make makes made sure get gets got
	again also just really properly things thing stuff way ways going future next time happen happens happening
	doesn't don't not no never ever everything something anything it's there here what when why how where who
	which whether able`.split(/\s+/)
);

/** Verbs that promise effort rather than a result: "improve", "look into", "be more careful". */
const VAGUE_VERBS = new Set(
	`improve improved improving better ensure investigate investigating look review revisit consider think
	monitor communicate discuss address fix enhance increase reduce prevent avoid educate train remind raise
	strengthen tighten optimize optimise clean work follow try focus keep continue explore evaluate assess
	understand check careful aware awareness pay attention more sure`.split(/\s+/)
);

/** Verbs that name a change someone can finish and show. */
const CONCRETE_VERBS = new Set(
	`add remove write automate migrate alert document create set configure enable disable rename split replace
	delete upgrade downgrade pin block require enforce rotate limit cap schedule move implement build introduce
	restrict page route switch backfill deprecate publish update run test gate rollout roll validate reject
	drop revert retire decommission install patch bump lower raise alarm`.split(/\s+/)
);

/** Nouns too broad to finish on their own: "improve monitoring", "better communication". */
const GENERIC_NOUNS = new Set(
	`monitoring alerting testing tests communication communications process processes documentation docs quality
	reliability observability coverage visibility stability performance things stuff issue issues problem
	problems incident incidents outage outages bug bugs tooling culture practices practice procedures procedure
	awareness care attention team teams everyone people system systems code situation`.split(/\s+/)
);

/** Nouns for specific artifacts and mechanisms; one of these plus enough detail reads as concrete. */
const ARTIFACT_NOUNS = new Set(
	`script scripts pipeline check checks alert alerts dashboard dashboards runbook runbooks test job jobs config
	configs configuration flag flags rule rules hook hooks query queries endpoint endpoints migration migrations
	deploy deploys deployment canary rollback linter lint playbook checklist template templates schema index
	indexes timeout timeouts retry retries limit limits threshold thresholds quota quotas cron backup backups
	replica replicas certificate certificates cert certs secret secrets key keys token tokens permission
	permissions role roles policy policies pager metric metrics log logs trace traces slo slos sli sla page
	balancer cache queue queues dns cdn api ci build builds release releases branch pr prs service services
	database table tables column field validation guard guardrail lock locks step steps gate rotation
	renewal reminder test-suite suite job cluster node nodes pod pods container image helm terraform module
	library dependency dependencies version replication lag failover healthcheck health-check probe probes
	webhook ticket tickets channel escalation on-call oncall paging sampling dry-run confirmation prompt
	regression bucket storage disk disks capacity rate`.split(/\s+/)
);

export interface Vagueness {
	vague: boolean;
	/** The words that make it read as effort rather than a deliverable ("Look into"), when there are some. */
	phrase?: string;
}

/**
 * Whether an action title names something that can be finished and checked. Concrete titles
 * name an artifact and a behaviour ("Ensure the deploy script runs the migration check"),
 * carry a number or threshold ("Add an alert on checkout 5xx rate > 2% for 5 min") or an
 * identifier (`orders_v2`, PaymentService.refund). "Improve monitoring" does none of that.
 */
export function actionVagueness(title: string): Vagueness {
	const text = title.trim();
	if (!text) return { vague: false };
	const raw = text.split(/[\s,;:()!?"“”]+/).filter(Boolean);
	const lower = raw.map((w) => w.toLowerCase().replace(/[’‘]/g, "'").replace(/[.]+$/, ''));
	const lead = lower.find((w) => !STOPWORDS.has(w) && w !== '-' && w !== '•') ?? '';

	const hasNumber = /\d/.test(text);
	// Identifiers, paths, flags and code: orders_v2, PaymentService.refund, /healthz, `--dry-run`.
	const hasCode = raw.some(
		(w) => /[`_/]/.test(w) || /\w\.\w/.test(w) || /^--?\w/.test(w) || /[a-z][A-Z]/.test(w) || /^[A-Z]{2,}\w*-\w+/.test(w)
	);
	// Capitalised names after the first word: Redis, PagerDuty, Checkout API.
	const hasName = raw.slice(1).some((w, i) => /^\p{Lu}/u.test(w) && !STOPWORDS.has(lower[i + 1]));
	const content = lower.filter(
		(w) => w.length > 1 && !STOPWORDS.has(w) && !VAGUE_VERBS.has(w) && !CONCRETE_VERBS.has(w) && !GENERIC_NOUNS.has(w)
	);
	const artifacts = content.filter((w) => ARTIFACT_NOUNS.has(w) || ARTIFACT_NOUNS.has(w.replace(/s$/, '')));

	const concrete =
		hasNumber ||
		hasCode ||
		(hasName && content.length >= 2) ||
		(artifacts.length >= 1 && content.length >= 3) ||
		(CONCRETE_VERBS.has(lead) && artifacts.length >= 1 && content.length >= 2);
	if (concrete) return { vague: false };
	return { vague: true, phrase: vaguePhrase(raw, lower) };
}

const PARTICLES = new Set('into at up about over more better careful sure attention'.split(' '));

/** "Look into", "Be more careful", "Improve": the words to quote back in the note. */
function vaguePhrase(raw: string[], lower: string[]): string | undefined {
	const at = lower.findIndex((w) => VAGUE_VERBS.has(w));
	if (at < 0) return undefined;
	let end = at + 1;
	while (end < lower.length && end - at < 3 && PARTICLES.has(lower[end])) end++;
	const start = at <= 2 ? 0 : at;
	const phrase = raw.slice(start, end).join(' ').replace(/[.]+$/, '');
	return phrase[0].toUpperCase() + phrase.slice(1);
}

/** Problems with one action item: vague wording, no owner, no due date, no (valid) factor. */
export function checkActionItem(item: ActionItem, factors: ContributingFactor[]): GuidanceFlag[] {
	const flags: GuidanceFlag[] = [];
	const at = (field: string): GuidanceTarget => ({ kind: 'action', id: item.id, field });
	// A "won't do" item is a recorded decision: it needs no owner, date or sharper wording.
	const decided = item.status === "won't do";

	if (!item.title.trim()) {
		flags.push(flag(at('title'), 'action-empty', 'info', 'This action has no title yet.'));
	} else if (!decided) {
		const v = actionVagueness(item.title);
		if (v.vague) {
			flags.push(
				flag(
					at('title'),
					'action-vague',
					'warning',
					v.phrase
						? `“${v.phrase} …” is hard to finish or check off.`
						: 'This action is too broad to finish or check off.',
					"Name the specific change: which system, what behaviour, what threshold? e.g. 'Add an alert on checkout 5xx rate > 2% for 5 min'"
				)
			);
		}
	}
	if (!decided && !item.owner.trim()) {
		flags.push(flag(at('owner'), 'action-no-owner', 'warning', 'No owner yet.', 'Who will drive this? One named person.'));
	}
	if (!decided && item.status !== 'done' && !item.due) {
		flags.push(flag(at('due'), 'action-no-due', 'warning', 'No due date yet.', 'When should this be done by?'));
	}
	if (item.factorId === null) {
		flags.push(
			flag(
				at('factorId'),
				'action-no-factor',
				'warning',
				'Not linked to a contributing factor.',
				'Each action should address one contributing factor: which one does this fix?'
			)
		);
	} else if (!factors.some((f) => f.id === item.factorId)) {
		flags.push(
			flag(
				at('factorId'),
				'action-dangling-factor',
				'warning',
				'The contributing factor this action was linked to no longer exists.',
				'Link it to another factor, or remove the action if it is no longer needed.'
			)
		);
	}
	return flags;
}

// ---------------------------------------------------------------------------------------
// Contributing factors

/**
 * Factors nobody is acting on. An action marked "won't do" counts as a decision about its
 * factor, so a factor covered only by such actions gets an info note, not a warning.
 */
export function checkFactorsHaveActions(factors: ContributingFactor[], actions: ActionItem[]): GuidanceFlag[] {
	const flags: GuidanceFlag[] = [];
	for (const factor of factors) {
		const linked = actions.filter((a) => a.factorId === factor.id);
		const target: GuidanceTarget = { kind: 'factor', id: factor.id };
		if (linked.length === 0) {
			flags.push(
				flag(
					target,
					'factor-no-action',
					'warning',
					'No action item addresses this factor yet.',
					'Add an action that makes this factor less likely or less harmful next time.'
				)
			);
		} else if (linked.every((a) => a.status === "won't do")) {
			flags.push(
				flag(
					target,
					'factor-only-wont-do',
					'info',
					'Every action for this factor is marked “won’t do”.',
					'That is a fine decision to make deliberately; note why in the factor description.'
				)
			);
		}
	}
	return flags;
}

// ---------------------------------------------------------------------------------------
// Whole board

/** People who appear on the board itself, so their names are recognised without a list. */
export function boardPeople(board: BoardData, participantNames: string[] = []): string[] {
	const names = new Set(participantNames.filter((n) => n.trim()));
	for (const e of board.timeline) if (e.author.trim()) names.add(e.author.trim());
	for (const a of board.actions) if (a.owner.trim()) names.add(a.owner.trim());
	return [...names];
}

/**
 * Every note for the board, in section order (then board order within a section).
 * participantNames adds to the names already on the board (timeline authors, action owners).
 */
export function collectGuidance(board: BoardData, participantNames?: string[]): GuidanceFlag[] {
	const names = boardPeople(board, participantNames);
	const flags: GuidanceFlag[] = [];
	const text = (value: string, target: GuidanceTarget) => flags.push(...checkText(value, target, names));

	text(board.header.title, { kind: 'header', field: 'title' });
	text(board.summary, { kind: 'summary', field: 'summary' });
	text(board.impact.usersAffected, { kind: 'impact', field: 'usersAffected' });
	text(board.impact.dataLostWhat, { kind: 'impact', field: 'dataLostWhat' });
	text(board.impact.financialImpact, { kind: 'impact', field: 'financialImpact' });
	for (const e of board.timeline) text(e.description, { kind: 'timeline', id: e.id, field: 'description' });
	for (const chain of board.whyChains) {
		text(chain.problem, { kind: 'why', id: chain.id, field: 'problem' });
		for (const step of chain.steps) {
			text(step.why, { kind: 'why', id: chain.id, stepId: step.id, field: 'why' });
			text(step.because, { kind: 'why', id: chain.id, stepId: step.id, field: 'because' });
		}
		flags.push(...checkWhyChain(chain, names));
	}
	for (const f of board.factors) {
		text(f.title, { kind: 'factor', id: f.id, field: 'title' });
		text(f.description, { kind: 'factor', id: f.id, field: 'description' });
	}
	flags.push(...checkFactorsHaveActions(board.factors, board.actions));
	for (const a of board.actions) {
		text(a.title, { kind: 'action', id: a.id, field: 'title' });
		flags.push(...checkActionItem(a, board.factors));
	}
	for (const item of board.wentWell) text(item.text, { kind: 'wentWell', id: item.id, field: 'text' });
	for (const item of board.lucky) text(item.text, { kind: 'lucky', id: item.id, field: 'text' });
	text(board.notes, { kind: 'notes', field: 'notes' });

	const order = (s: SectionId) => SECTION_IDS.indexOf(s);
	// Array.prototype.sort is stable, so board order survives within a section.
	return flags.sort((a, b) => order(a.section) - order(b.section));
}
