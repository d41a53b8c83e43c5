/** The blame predicates and how each is confirmed against its subject. */
import type { BlameRule } from './rules.ts';
import { COMPOUND_FOLLOWERS, DILIGENCE, HUMAN_VERBS, IRREGULAR_PARTICIPLES, LAZY_TECH, PATTERN_ADVERBS, RECIPIENT_VERBS, THAT_PRONOUNS, words } from './words.ts';
import type { Word } from './tokens.ts';
import { Context, type Subject } from './subjects.ts';
/**
 * How a match is confirmed:
 * - subject: the subject must be a person (or a capitalised unknown followed by a human verb)
 * - lapse: like subject, but capitalised unknowns and missing subjects count too (only people forget)
 * - nobody: "nobody bothered to"
 * - object: a person must follow ("a mistake by the DBA"); wide-object looks further ("blame for the delay sits with ops")
 * - clause: a person must start the clause ("the intern ran it … by mistake")
 * - counterfactual: "if Alice had read …"
 * - always: the words themselves are the problem ("careless", "human error")
 */
type Gate = 'subject' | 'lapse' | 'nobody' | 'object' | 'wide-object' | 'clause' | 'counterfactual' | 'always';

interface Step {
	alts: Set<string> | null;
	optional: boolean;
}

interface Predicate {
	steps: Step[];
	rule: BlameRule;
	gate: Gate;
	/** "We failed to notice" is a shared detection gap; "we forgot" is still a lapse. */
	selfOk: boolean;
	/** Context that turns the match into a non-blame (e.g. "should have been paged"). */
	unless?: (ctx: Context, start: number, end: number) => boolean;
}

function compile(pattern: string): Step[] {
	return pattern.split(' ').map((part) => {
		if (part === '~') return { alts: null, optional: true };
		const optional = part.endsWith('?');
		const body = optional ? part.slice(0, -1) : part;
		return { alts: new Set(body.replace(/[()]/g, '').split('|')), optional };
	});
}

/** Matches steps from word i; returns the index after the match or -1. */
export function matchSteps(ws: Word[], steps: Step[], i: number, s = 0): number {
	if (s === steps.length) return i;
	const step = steps[s];
	if (step.alts === null) {
		let j = i;
		const ends = [i];
		while (j < ws.length && j - i < 2 && !ws[j].punct && PATTERN_ADVERBS.has(ws[j].n)) ends.push(++j);
		for (let k = ends.length - 1; k >= 0; k--) {
			const r = matchSteps(ws, steps, ends[k], s + 1);
			if (r >= 0) return r;
		}
		return -1;
	}
	if (i < ws.length && !ws[i].punct && step.alts.has(ws[i].n)) {
		const r = matchSteps(ws, steps, i + 1, s + 1);
		if (r >= 0) return r;
	}
	return step.optional ? matchSteps(ws, steps, i, s + 1) : -1;
}

const followedBy = (set: Set<string>) => (ctx: Context, _start: number, end: number) => {
	const w = ctx.nextWord(end);
	return w !== undefined && set.has(w.n);
};

const P = (
	pattern: string,
	rule: BlameRule,
	gate: Gate,
	selfOk = true,
	unless?: Predicate['unless']
): Predicate => ({ steps: compile(pattern), rule, gate, selfOk, unless });

const PREDICATES: Predicate[] = [
	// Naming people as the cause in general.
	P('human (error|errors|mistake|mistakes|failure|failures|slip|slips|oversight|fault)', 'human-error', 'always'),
	P('(operator|pilot|manual|personnel|staff|engineer|user) (error|errors)', 'human-error', 'always', true, followedBy(COMPOUND_FOLLOWERS)),
	P('(pebkac|pebcak|id10t)', 'human-error', 'always'),

	// Memory and attention: only people forget, so an unknown subject still counts.
	P('(forgot|forgotten|forget|forgets|forgetting)', 'lapse', 'lapse'),
	P('(neglected|neglect|neglects|neglecting)', 'lapse', 'lapse'),
	P('(overlooked|overlook|overlooks|overlooking)', 'lapse', 'lapse'),
	P('(was|were|got|been|is|are|being) ~ (forgotten|overlooked|neglected)', 'lapse', 'always'),
	P('(was|were|got|been) ~ (botched|bungled|fumbled|mishandled|messed)', 'lapse', 'always'),
	P('did not ~ bother', 'lapse', 'lapse'),
	P('never ~ bothered', 'lapse', 'lapse'),
	P('could not ~ be bothered', 'lapse', 'lapse'),
	P('bothered to', 'lapse', 'nobody'),
	P('did anything', 'lapse', 'nobody'),
	P('did nothing', 'lapse', 'subject'),
	P('(did|does|do) not ~ (care|listen)', 'lapse', 'lapse'),
	P('did not ~ think (to|about|of|through|it)', 'lapse', 'lapse'),
	P('(did|does|do) not ~ do (his|her|their|your|my|our)? (job|homework|diligence|due)', 'lapse', 'lapse'),
	P('dropped the ball', 'lapse', 'lapse'),
	P('(messed|screwed|slipped|fucked|cocked) up', 'lapse', 'lapse'),
	P('(botched|goofed|blundered|fumbled|bungled|flubbed)', 'lapse', 'lapse'),
	P('(fat-fingered|fat-finger|fat-fingering|fat-fingers)', 'lapse', 'always'),
	P('fat (fingered|finger|fingering)', 'lapse', 'always'),
	P('(was|were) not ~ paying attention', 'lapse', 'lapse'),
	P('not paying attention', 'lapse', 'lapse'),
	P('did not ~ pay attention', 'lapse', 'lapse'),
	P('paid no attention', 'lapse', 'lapse'),
	P('(was|were|is|are) not ~ (careful|thorough|diligent|attentive)', 'lapse', 'subject'),
	P('(was|were|is|are|got) (distracted|inattentive|complacent)', 'lapse', 'subject'),
	P('(was|were) ~ too (slow|late|hasty|quick) to', 'lapse', 'subject'),

	// Judging the person rather than describing the act.
	P('(careless|carelessly|carelessness|negligent|negligently|negligence|sloppy|sloppily|sloppiness)', 'character', 'always'),
	P('(incompetent|incompetence|incompetently|reckless|recklessly|recklessness|irresponsible|irresponsibly)', 'character', 'always'),
	P('(stupid|stupidity|idiot|idiots|idiotic|clueless|laziness)', 'character', 'always'),
	P('dumb', 'character', 'always', true, followedBy(words('pipe pipes terminal terminals client proxy switch'))),
	P('lazy', 'character', 'always', true, followedBy(LAZY_TECH)),
	P('(rookie|silly|amateur|amateurish) (mistake|mistakes|error|errors|move)', 'character', 'always'),
	P('(poor|bad|questionable) (judgement|judgment)', 'character', 'always'),
	P('asleep at the wheel', 'character', 'always'),
	P('(be|being) more (careful|attentive|diligent|thorough)', 'character', 'always'),
	P('lack of (care|diligence|discipline|professionalism|competence)', 'character', 'always'),
	P('(blindly|hastily|thoughtlessly|haphazardly|carelessly)', 'character', 'clause'),
	P('(does|do) not ~ (know|understand)', 'character', 'subject'),

	// Verbs that systems share with people: the subject decides.
	P('(failed|fails|fail|failing) to', 'failed-to', 'subject', false),
	P('did not ~ manage to', 'failed-to', 'subject', false),

	P(`(did|does|do) not ~ ${DILIGENCE}`, 'did-not-check', 'subject'),
	P(`never ~ ${DILIGENCE}`, 'did-not-check', 'subject'),
	P(
		'never ~ (turned|switched|put|set|re-enabled|enabled|restored|reverted|rolled|cleaned|removed|fixed|finished|completed|documented|mentioned)',
		'did-not-check',
		'subject'
	),
	P(`not ${DILIGENCE}`, 'did-not-check', 'subject'),
	P(
		'without ~ (a|an|any|proper)? (testing|tests|test|review|reviews|reviewing|approval|checking|check|checks|verifying|verification|validation|telling|asking|waiting|reading|looking|backup|backups|dry-run|where|confirming|notifying|consulting|following|rollback|second|heads-up)',
		'did-not-check',
		'clause'
	),
	P('(skipped|skipping|skips)', 'did-not-check', 'subject'),
	P('(bypassed|bypassing|bypass|bypasses|circumvented|circumventing|overrode|overriding)', 'did-not-check', 'clause'),
	P('(missed|misses)', 'did-not-check', 'subject', false),
	P('(slow|late) to (respond|react|act|escalate|notice|acknowledge|ack|reply|join|answer)', 'did-not-check', 'subject'),
	P('(was|were|is|are) supposed to', 'did-not-check', 'subject', true, (ctx, _start, end) => !ctx.humanVerbAt(end)),

	P('(ignored|ignores|ignore|ignoring|disregarded|disregard|dismissed)', 'ignored', 'subject'),

	// Hindsight.
	P('should ~ have', 'hindsight', 'subject', true, shouldHaveUnless),
	P('should not ~ have', 'hindsight', 'subject', true, shouldHaveUnless),
	P('ought ~ to ~ have', 'hindsight', 'subject', true, shouldHaveUnless),
	P('ought not ~ to have', 'hindsight', 'subject', true, shouldHaveUnless),
	P('should ~ know better', 'hindsight', 'subject'),
	P('ought to ~ know better', 'hindsight', 'subject'),
	P('could ~ have (prevented|avoided|caught|stopped|noticed|checked|spotted)', 'hindsight', 'subject', false),
	P(
		'had ~ (checked|read|tested|verified|looked|noticed|followed|reviewed|validated|confirmed|escalated|asked|waited|listened|double-checked|paid|bothered|remembered|known|realised|realized)',
		'hindsight',
		'counterfactual'
	),
	P('had ~ been (paying|more|careful|watching|attentive|awake)', 'hindsight', 'counterfactual'),
	P('had not ~ (forgotten|ignored|skipped|missed|overlooked|rushed)', 'hindsight', 'counterfactual'),
	P('(cared|bothered|listened)', 'hindsight', 'counterfactual'),
	P('paid ~ (attention|more)', 'hindsight', 'counterfactual'),

	// Fault and blame.
	P('at fault', 'fault', 'subject'),
	P('whose fault', 'fault', 'always'),
	P('to blame', 'fault', 'subject'),
	P('(was|were|is|are|been|got|being) ~ blamed', 'fault', 'subject'),
	P('(blame|blamed|blames|blaming)', 'fault', 'wide-object', true, (ctx, start) => ctx.ws[start - 1]?.n === 'git'),
	P('(fault|faults) (lies|lay|lie|rests|rested|falls|fell|is|was|sits) (with|on)', 'fault', 'object'),
	P('fault of', 'fault', 'object'),
	// "That's on Bob": only with a pronoun subject, so "the fix was on Bob's branch" passes.
	P('(is|was) ~ on', 'fault', 'object', true, (ctx, start) => !THAT_PRONOUNS.has(ctx.ws[start - 1]?.n ?? '')),
	P(
		'(responsible|accountable) for (the|this|that)? (outage|incident|downtime|failure|breakage|mess|breach|leak|data|loss|problem|issue|bug|disaster)',
		'fault',
		'subject'
	),
	P('(held|hold|holding|holds) ~ accountable', 'fault', 'always'),
	P('(should|must) not ~ be allowed', 'fault', 'subject'),
	P('should ~ be (fired|disciplined|punished|reprimanded|removed|banned|held)', 'fault', 'subject'),

	P(
		'made ~ (a|an|the|this|that|one|another|some|several|two|multiple|many)? ~ (mistake|mistakes|error|errors|typo|typos|blunder|blunders|slip|misstep|slip-up)',
		'mistake',
		'subject'
	),
	P('(mistake|mistakes|error|errors|typo|blunder|oversight|slip|slip-up) by', 'mistake', 'object'),
	P('(mistake|mistakes|error|errors|oversight) on the part of', 'mistake', 'object'),

	// A person's act framed as the wrong one.
	P('(accidentally|mistakenly|inadvertently|wrongly|unintentionally|erroneously)', 'wrong-action', 'clause'),
	P('by (mistake|accident)', 'wrong-action', 'clause'),
	P(
		'(misconfigured|mistyped|misread|misjudged|misunderstood|misinterpreted|miscalculated|mislabeled|mislabelled|misclicked)',
		'wrong-action',
		'subject'
	),
	P('made ~ (a|the)? (bad|wrong|poor) (call|decision|choice|judgement|judgment)', 'wrong-action', 'subject'),
	P('(was|is) ~ (a|the)? (bad|wrong|poor|terrible|dumb) (call|decision|choice|move)', 'wrong-action', 'always'),
	P('(rushed|rushing)', 'wrong-action', 'subject'),
	P('(cut|cutting|cuts) corners', 'wrong-action', 'subject'),
	P('(took|take|taking|takes) ~ (a|some)? (shortcut|shortcuts)', 'wrong-action', 'subject'),

	// A person as what broke things.
	P('(caused|broke|crashed)', 'caused', 'subject'),
	P('(took|brought|knocked) down', 'caused', 'subject'),
	P('caused by', 'caused', 'object'),
	P('because of', 'caused', 'object'),
	P('(root|real|actual|main) cause (was|is)', 'caused', 'object')
];

/**
 * "Should have checked" is hindsight; "should have a runbook" is an ordinary wish for a
 * thing, and "should have been paged" makes the person the recipient.
 */
function shouldHaveUnless(ctx: Context, _start: number, end: number): boolean {
	const at = ctx.nextWordAt(end);
	const next = ctx.ws[at];
	if (!next || next.punct) return true;
	if (next.n === 'been') {
		const after = ctx.ws[at + 1];
		return after !== undefined && RECIPIENT_VERBS.has(after.n);
	}
	return !isParticiple(next.n);
}

function isParticiple(n: string): boolean {
	return IRREGULAR_PARTICIPLES.has(n) || /(ed|en|wn)$/.test(n);
}

export const BY_FIRST_WORD = new Map<string, Predicate[]>();
for (const p of PREDICATES) {
	for (const w of p.steps[0].alts ?? []) {
		const list = BY_FIRST_WORD.get(w) ?? [];
		list.push(p);
		BY_FIRST_WORD.set(w, list);
	}
}

const SELF_EXEMPT_VERBS = words('notice catch see detect know have missed misses realise realize');
/** Rules whose verbs only people do, so a capitalised unknown subject is taken to be a name. */
const MAYBE_OK = new Set<BlameRule>(['lapse', 'did-not-check', 'ignored', 'wrong-action', 'mistake', 'fault']);

export function confirm(ctx: Context, p: Predicate, start: number, end: number): boolean {
	const ws = ctx.ws;
	if (p.unless?.(ctx, start, end)) return false;
	switch (p.gate) {
		case 'always':
			return !ctx.negatedBefore(start, -1) && !ctx.negatedAfter(end);
		case 'object':
		case 'wide-object':
			return ctx.personAfter(end, p.gate === 'object' ? 5 : 8) && !ctx.negatedBefore(start, -1);
		case 'clause': {
			const s = ctx.clauseSubject(start - 1);
			return (s.kind === 'person' || s.kind === 'self' || s.kind === 'maybe') && !ctx.negatedBefore(start, s.at);
		}
		case 'nobody': {
			const s = ctx.subjectOf(start);
			return s.kind === 'nobody';
		}
		case 'counterfactual': {
			const s = ctx.subjectOf(start);
			if (s.kind !== 'person' && s.kind !== 'self' && s.kind !== 'maybe') return false;
			for (let j = s.at - 1, seen = 0; j >= 0 && seen < 3; j--, seen++) if (ws[j].n === 'if') return true;
			return false;
		}
		case 'subject':
		case 'lapse': {
			let s = ctx.subjectOf(start);
			// Passive with an agent: "the alert was ignored by the on-call".
			if (s.kind === 'thing' && ws[end]?.n === 'by' && ctx.personAfter(end + 1, 4)) s = { kind: 'person', at: -1 };
			// "Bob's change caused the outage" ties a person to the cause.
			if (s.kind === 'thing' && p.rule === 'caused' && s.at >= 0 && ctx.possessedByPerson(s.at)) {
				s = { kind: 'person', at: s.at };
			}
			if (!subjectCounts(ctx, p, s, start, end)) return false;
			return !ctx.negatedBefore(start, s.at);
		}
	}
}

function subjectCounts(ctx: Context, p: Predicate, s: Subject, start: number, end: number): boolean {
	switch (s.kind) {
		case 'person':
			return true;
		case 'self': {
			if (!p.selfOk) return false;
			const last = ctx.ws[end - 1].n;
			if (SELF_EXEMPT_VERBS.has(last)) return false;
			// "We should have had an alert" wishes for a system, it does not blame anyone.
			if (p.rule === 'hindsight') {
				const next = ctx.nextWord(end);
				if (next && (next.n === 'had' || next.n === 'been' || next.n === 'got')) return false;
			}
			return true;
		}
		case 'nobody':
			return p.gate === 'lapse';
		case 'maybe':
		case 'none': {
			if (p.gate === 'lapse' || MAYBE_OK.has(p.rule)) return true;
			const next = ctx.nextWord(end);
			return next !== undefined && HUMAN_VERBS.has(next.n);
		}
		case 'thing':
			return false;
	}
}
