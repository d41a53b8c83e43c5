/**
 * Spots blame language in free text so the facilitator can nudge the room towards systemic
 * wording while people type. The question is always WHO the blame verb is about: "Bob failed
 * to check" puts the cause on a person, "the health check failed to detect" does not. Without
 * a parser we approximate that with a token scan: find a blame predicate, then look back for
 * its subject (name, pronoun, role noun, or a thing).
 *
 * Everything is a single pass over the tokens with small bounded look-arounds, so a whole
 * board's worth of text costs well under a millisecond per kilobyte.
 */
import { ADVICE, type BlameFlag, type BlameOptions, type BlameRule } from './rules.ts';
import { ACTION_VERBS, BE, COMPOUND_FOLLOWERS, DETERMINERS, GROUPS, LEAD_FILLER, NP_END, OWNER_PRONOUNS, OWN_NOUNS, PAST_VERBS, POSSESSIVE_PRONOUNS, ROLES, SENTENCE_PUNCT, WRONG_ADJECTIVES, singularOf } from './words.ts';
import { tokenize } from './tokens.ts';
import { Context } from './subjects.ts';
import { BY_FIRST_WORD, confirm, matchSteps } from './predicates.ts';

export { BLAME_RULES, type BlameFlag, type BlameOptions, type BlameRule } from './rules.ts';

function participantSet(names: string[] | undefined): Set<string> {
	const set = new Set<string>();
	for (const name of names ?? []) {
		for (const part of name.toLowerCase().split(/[\s,]+/)) if (part.length >= 2) set.add(part);
	}
	return set;
}

interface Candidate {
	start: number;
	end: number;
	rule: BlameRule;
}

/** Phrases that put the cause of a problem on a person, with where they are in the text. */
export function findBlame(text: string, options: BlameOptions = {}): BlameFlag[] {
	if (!text) return [];
	const ws = tokenize(text);
	const ctx = new Context(ws, participantSet(options.participantNames));
	const found: Candidate[] = [];

	for (let i = 0; i < ws.length; i++) {
		const w = ws[i];
		if (w.punct || w.quoted) continue;
		for (const p of BY_FIRST_WORD.get(w.n) ?? []) {
			const end = matchSteps(ws, p.steps, i);
			if (end < 0) continue;
			if (confirm(ctx, p, i, end)) found.push({ start: i, end, rule: p.rule });
		}
		const rule = OWN_NOUNS.get(w.n);
		if (rule) {
			const owned = ownedFault(ctx, i);
			if (owned >= 0) found.push({ start: owned, end: i + 1, rule });
			const owner = ownerAfter(ctx, i);
			if (owner >= 0) found.push({ start: i, end: owner + 1, rule });
			if (roleError(ctx, i)) found.push({ start: i - 1, end: i + 1, rule: 'human-error' });
		}
		if (WRONG_ADJECTIVES.has(w.n) && i > 0 && ctx.possessedByPerson(i) && !ctx.negatedBefore(i, -1)) {
			let owner = i - 1;
			while (owner > 0 && !POSSESSIVE_PRONOUNS.has(ws[owner].n) && !ws[owner].n.endsWith("'s")) owner--;
			const noun = ws[i + 1];
			found.push({ start: owner, end: noun && !noun.punct ? i + 2 : i + 1, rule: 'wrong-action' });
		}
		// "Why did our process allow …" asks about a system: "did" there is an auxiliary, not an act.
		const asks = w.n === 'did' && i > 0 && /^(why|how|what|when|where|who)$/.test(ws[i - 1].n);
		if (ACTION_VERBS.has(w.n) && !asks) {
			const end = wrongAction(ctx, i);
			if (end >= 0) found.push({ start: i, end, rule: 'wrong-action' });
		}
	}

	// One flag per stretch of text: the earliest, then the longest.
	found.sort((a, b) => ws[a.start].start - ws[b.start].start || ws[b.end - 1].end - ws[a.end - 1].end);
	const flags: BlameFlag[] = [];
	let covered = -1;
	for (const c of found) {
		const start = ws[c.start].start;
		const end = ws[c.end - 1].end;
		if (start < covered) continue;
		covered = end;
		flags.push({ start, end, phrase: text.slice(start, end), rule: c.rule, ...ADVICE[c.rule] });
	}
	return flags;
}

/** "Marco's fault", "his mistake", "the engineer's error": returns where the owner starts. */
function ownedFault(ctx: Context, i: number): number {
	const ws = ctx.ws;
	const next = ws[i + 1];
	if (next && !next.punct && COMPOUND_FOLLOWERS.has(next.n)) return -1;
	let j = i - 1;
	if (ws[j]?.n === 'own') j--;
	const owner = ws[j];
	if (!owner || owner.punct || owner.quoted) return -1;
	const isOwner = POSSESSIVE_PRONOUNS.has(owner.n)
		? true
		: owner.n.endsWith("'s") && ctx.isPersonWord(owner.n.slice(0, -2), owner.raw, j);
	if (!isOwner || ctx.negatedBefore(j, -1)) return -1;
	return j;
}

/** "The mistake was entirely Priya's", "the fault is his". Returns the owner's index or -1. */
function ownerAfter(ctx: Context, i: number): number {
	const ws = ctx.ws;
	if (!BE.has(ws[i + 1]?.n ?? '')) return -1;
	const at = ctx.nextWordAt(i + 2);
	const owner = ws[at];
	if (!owner || owner.punct) return -1;
	const isOwner = OWNER_PRONOUNS.has(owner.n) || (owner.n.endsWith("'s") && ctx.isPersonWord(owner.n.slice(0, -2), owner.raw, at));
	return isOwner && !ctx.negatedBefore(i, -1) ? at : -1;
}

/** "Developer error", "operator mistake": a role noun naming the cause. */
function roleError(ctx: Context, i: number): boolean {
	const ws = ctx.ws;
	if (!/^(error|errors|mistake|mistakes)$/.test(ws[i].n) || i === 0) return false;
	const prev = ws[i - 1];
	if (prev.punct || prev.quoted || !ROLES.has(prev.n.endsWith('s') ? prev.n.slice(0, -1) : prev.n)) return false;
	const next = ws[i + 1];
	if (next && !next.punct && COMPOUND_FOLLOWERS.has(next.n)) return false;
	return !ctx.negatedBefore(i - 1, -1) && !ctx.negatedAfter(i + 1);
}

/**
 * "Marco pushed the wrong config", "Dave typed the production hostname instead of staging":
 * a person's action described as the wrong one. Returns the index after the match, or -1.
 */
function wrongAction(ctx: Context, i: number): number {
	const ws = ctx.ws;
	let end = -1;
	for (let j = i + 1; j < ws.length && j <= i + 8; j++) {
		if (ws[j].punct) break;
		if (j <= i + 5 && WRONG_ADJECTIVES.has(ws[j].n)) {
			const noun = ws[j + 1];
			end = noun && !noun.punct ? j + 2 : j + 1;
			break;
		}
		if (ws[j].n === 'instead' && ws[j + 1]?.n === 'of') {
			end = j + 2;
			break;
		}
	}
	if (end < 0) return -1;
	const s = ctx.subjectOf(i);
	if (s.kind !== 'person' && s.kind !== 'self' && s.kind !== 'maybe') return -1;
	if (ctx.negatedBefore(i, s.at)) return -1;
	return end;
}

/**
 * Where an answer like "because Bob pushed the config" names an individual as its subject, or
 * null. A why chain that ends there has stopped at a person even without any blame word.
 */
export function leadingPerson(text: string, options: BlameOptions = {}): { start: number; end: number } | null {
	const ws = tokenize(text.slice(0, 2000));
	const ctx = new Context(ws, participantSet(options.participantNames));
	for (let i = 0, seen = 0; i < ws.length && seen < 5; i++) {
		const w = ws[i];
		if (w.punct) {
			if (SENTENCE_PUNCT.has(w.n)) return null;
			continue;
		}
		if (LEAD_FILLER.has(w.n) || DETERMINERS.has(w.n)) continue;
		seen++;
		if (GROUPS.has(w.n) || GROUPS.has(singularOf(w.n))) return null;
		if (ctx.classify(i) === 'person' && !ctx.isRoleModifier(i)) return { start: w.start, end: w.end };
		if (NP_END.has(w.n) || PAST_VERBS.has(w.n) || /ed$/.test(w.n)) return null;
	}
	return null;
}

