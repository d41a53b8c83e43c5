/** Who a blame predicate is about: a person, ourselves, nobody, or a thing. */
import { BE, COORDINATORS, DETERMINERS, FIRST_NAMES, HUMAN_VERBS, NEGATORS, NOT_PEOPLE, NP_END, PAST_VERBS, PATTERN_ADVERBS, POSSESSIVE_PRONOUNS, PREPOSITIONS, PRONOUNS, ROLES, SELF, SENTENCE_PUNCT, SKIP_BACK, SUBORDINATORS, SYSTEM_NAMES, THING_PRONOUNS, singularOf } from './words.ts';
import type { Word } from './tokens.ts';
type SubjectKind = 'person' | 'self' | 'nobody' | 'maybe' | 'none' | 'thing';
export interface Subject {
	kind: SubjectKind;
	/** Index of the head word, -1 when the predicate has no subject. */
	at: number;
}

const NOUN_SUFFIX = /(ing|tion|sion|ment|ity|ness|ance|ence|ics|age|ure|ogy|ism|ery|ory|ship|dom|cy|er|s)$/;

export class Context {
	readonly ws: Word[];
	readonly names: Set<string>;

	constructor(ws: Word[], names: Set<string>) {
		this.ws = ws;
		this.names = names;
	}

	isBoundary(i: number): boolean {
		const w = this.ws[i];
		return w.punct && (SENTENCE_PUNCT.has(w.n) || w.n === ',' || w.n === '"' || w.n === "'");
	}

	classify(i: number): SubjectKind {
		const w = this.ws[i];
		if (w.punct) return 'none';
		const n = w.n;
		const prev = i > 0 && !this.ws[i - 1].punct ? this.ws[i - 1].n : '';
		if (this.names.has(n)) return 'person';
		if (n === 'nobody' || n === 'noone' || (n === 'one' && prev === 'no')) return 'nobody';
		if (PRONOUNS.has(n)) return 'person';
		if (SELF.has(n)) return 'self';
		if (THING_PRONOUNS.has(n)) return 'thing';
		const singular = singularOf(n);
		if (NOT_PEOPLE.has(singular)) return 'thing';
		// A monitoring agent is software; a support agent is a person.
		if (singular === 'agent') return ['support', 'service', 'customer', 'sales'].includes(prev) ? 'person' : 'thing';
		if (ROLES.has(n) || ROLES.has(singular)) {
			// "the Kubernetes operator" is software.
			return n === 'operator' && SYSTEM_NAMES.has(prev) ? 'thing' : 'person';
		}
		if (/^\p{Lu}\p{Ll}+$/u.test(w.raw)) {
			if (SYSTEM_NAMES.has(n)) return 'thing';
			// "Team Atlas", "Squad Orion": a named group of people.
			if (prev === 'team' || prev === 'squad' || FIRST_NAMES.has(n)) return 'person';
			// "the Gateway", "Replication": a capitalised thing, not a name.
			if (DETERMINERS.has(prev) || NOUN_SUFFIX.test(n)) return 'thing';
			return 'maybe';
		}
		return 'thing';
	}

	/** The subject of the predicate starting at word p: the nearest noun before it, roughly. */
	subjectOf(p: number): Subject {
		const ws = this.ws;
		let i = p - 1;
		while (i >= 0 && !ws[i].punct && SKIP_BACK.has(ws[i].n) && !this.isNamedWord(i)) i--;
		if (i < 0) return { kind: 'none', at: -1 };
		const w = ws[i];
		if (w.punct) {
			// "Bob, who was on call, forgot": jump over the aside to the noun before it.
			if (w.n === ',') {
				for (let j = i - 1, seen = 0; j >= 0 && seen < 12; j--, seen++) {
					if (ws[j].punct && SENTENCE_PUNCT.has(ws[j].n)) break;
					if (ws[j].n === ',') {
						if (j > 0 && !ws[j - 1].punct) {
							const kind = this.classify(j - 1);
							if (kind !== 'thing') return { kind, at: j - 1 };
						}
						break;
					}
				}
				return { kind: 'thing', at: i };
			}
			return { kind: SENTENCE_PUNCT.has(w.n) ? 'none' : 'thing', at: -1 };
		}
		if (SUBORDINATORS.has(w.n)) return { kind: 'none', at: -1 };
		if (COORDINATORS.has(w.n)) return this.clauseSubject(i - 1);
		if (w.n === 'that' || w.n === 'which') {
			// Relative clause: the subject is the noun the clause hangs off.
			if (i > 0 && !ws[i - 1].punct) return { kind: this.classify(i - 1), at: i - 1 };
			return { kind: 'thing', at: i };
		}
		const kind = this.classify(i);
		if (kind === 'thing' && this.relativeWho(i)) return { kind: 'person', at: i };
		if (kind !== 'thing' && this.inReducedRelative(i)) return { kind: 'thing', at: i };
		if (kind === 'thing' || (kind === 'person' && ROLES.has(singularOf(w.n)))) {
			const owner = this.beforePrepositionalPhrase(i);
			if (owner >= 0) return { kind: this.classify(owner), at: owner };
		}
		return { kind, at: i };
	}

	/**
	 * "The person on call ignored …", "nobody on the team bothered …": the subject is the noun
	 * before the prepositional phrase, not the last noun. Returns its index or -1.
	 */
	private beforePrepositionalPhrase(i: number): number {
		for (let j = i - 1, seen = 0; j > 0 && seen < 3; j--, seen++) {
			const w = this.ws[j];
			if (this.isBoundary(j) || SUBORDINATORS.has(w.n) || COORDINATORS.has(w.n)) return -1;
			if (PREPOSITIONS.has(w.n)) {
				const before = this.ws[j - 1];
				return before.punct || DETERMINERS.has(before.n) ? -1 : j - 1;
			}
		}
		return -1;
	}

	/**
	 * "a channel the mobile team does not follow": the person is the subject of a clause that
	 * only describes a thing (the channel), so the sentence is not about them. Spotted as
	 * determiner + noun directly before the subject's noun phrase.
	 */
	private inReducedRelative(i: number): boolean {
		const ws = this.ws;
		let start = i;
		for (let j = i - 1, seen = 0; j >= 0 && seen < 3; j--, seen++) {
			if (ws[j].punct) break;
			if (DETERMINERS.has(ws[j].n)) {
				start = j;
				break;
			}
			if (NP_END.has(ws[j].n) || SKIP_BACK.has(ws[j].n)) break;
		}
		const noun = ws[start - 1];
		const det = ws[start - 2];
		if (!noun || !det || noun.punct || det.punct) return false;
		if (NP_END.has(noun.n) || SKIP_BACK.has(noun.n) || SUBORDINATORS.has(noun.n) || COORDINATORS.has(noun.n)) return false;
		return DETERMINERS.has(det.n) && !/(ed|ly)$/.test(noun.n);
	}

	private isNamedWord(i: number): boolean {
		return this.names.has(this.ws[i].n) && /^\p{Lu}/u.test(this.ws[i].raw);
	}

	/** "The developer who wrote the migration failed to …": a "who" earlier in the clause. */
	private relativeWho(i: number): boolean {
		for (let j = i - 1, seen = 0; j >= 0 && seen < 8; j--, seen++) {
			if (this.isBoundary(j) || SUBORDINATORS.has(this.ws[j].n)) return false;
			if (this.ws[j].n === 'who' || this.ws[j].n === 'whoever') return true;
		}
		return false;
	}

	/** The first person or thing in the clause that ends at word i ("Bob restarted it and forgot"). */
	clauseSubject(i: number): Subject {
		const ws = this.ws;
		// "Yasmin pushed to production, bypassing review": the participle borrows the main subject.
		if (i > 0 && ws[i].n === ',') return this.clauseSubject(i - 1);
		let s = i;
		while (s >= 0 && !this.isBoundary(s) && !SUBORDINATORS.has(ws[s].n)) s--;
		for (let j = s + 1, seen = 0; j <= i && seen < 5; j++, seen++) {
			if (DETERMINERS.has(ws[j].n)) continue;
			const kind = this.classify(j);
			if (kind === 'person' || kind === 'self' || kind === 'nobody') return { kind, at: j };
			if (kind === 'maybe' && seen === 0) return { kind, at: j };
		}
		return { kind: 'thing', at: -1 };
	}

	/** A person among the next few words: "a mistake by the new DBA", "blame lies with ops". */
	personAfter(from: number, span = 5): boolean {
		for (let j = from, seen = 0; j < this.ws.length && seen < span; j++, seen++) {
			// "blame the process rather than people" points away from the person.
			if (this.isBoundary(j) || NEGATORS.has(this.ws[j].n)) return false;
			const kind = this.classify(j);
			if (kind === 'person' && this.isRoleModifier(j)) continue;
			if (kind === 'person' || kind === 'self') return true;
			// A possessive name ("by Bob's script") is about the script.
			if (kind === 'maybe' && !this.ws[j].n.endsWith("'s")) return true;
		}
		return false;
	}

	/** "the on-call rotation", "the support queue": a role noun used as a modifier of a thing. */
	isRoleModifier(i: number): boolean {
		const n = this.ws[i].n;
		if (this.names.has(n) || PRONOUNS.has(n) || FIRST_NAMES.has(n)) return false;
		const next = this.ws[i + 1];
		if (!next || next.punct || NP_END.has(next.n) || PAST_VERBS.has(next.n) || /(ed|ly)$/.test(next.n)) return false;
		const singular = next.n.endsWith('s') ? next.n.slice(0, -1) : next.n;
		return !ROLES.has(next.n) && !ROLES.has(singular);
	}

	/** True when a person owns the noun phrase ending at i: "Bob's deploy", "his change". */
	possessedByPerson(i: number): boolean {
		for (let j = i - 1, seen = 0; j >= 0 && seen < 3; j--, seen++) {
			const w = this.ws[j];
			if (w.punct) return false;
			if (POSSESSIVE_PRONOUNS.has(w.n)) return true;
			if (w.n.endsWith("'s")) return this.isPersonWord(w.n.slice(0, -2), w.raw, j);
		}
		return false;
	}

	isPersonWord(n: string, raw: string, i: number): boolean {
		if (n === 'anyone' || n === 'nobody' || n === 'one' || n === 'everyone') return false;
		if (this.names.has(n) || PRONOUNS.has(n) || FIRST_NAMES.has(n)) return true;
		const singular = n.endsWith('s') ? n.slice(0, -1) : n;
		if (ROLES.has(n) || ROLES.has(singular)) return true;
		if (/^\p{Lu}\p{Ll}+['’]s$/u.test(raw) && !SYSTEM_NAMES.has(n)) {
			const prev = this.ws[i - 1];
			return !(prev && !prev.punct && DETERMINERS.has(prev.n)) && !NOUN_SUFFIX.test(n);
		}
		return false;
	}

	/**
	 * Negated or discussed rather than asserted: "not because Bob forgot", "we avoid calling
	 * this human error", "Bob never forgot". Looks a few words back, within the clause.
	 */
	negatedBefore(from: number, subjectAt: number): boolean {
		const ws = this.ws;
		if (subjectAt >= 0) {
			for (let j = subjectAt + 1; j < from; j++) {
				if (ws[j].n === 'not' || ws[j].n === 'never' || ws[j].n === 'no') return true;
			}
		}
		const origin = subjectAt >= 0 ? subjectAt : from;
		for (let j = origin - 1, seen = 0; j >= 0 && seen < 4; j--, seen++) {
			const w = ws[j];
			if (w.punct) {
				if (SENTENCE_PUNCT.has(w.n) || w.n === ',') return false;
				continue;
			}
			if (NEGATORS.has(w.n)) return true;
			// "we discussed whether this was human error" weighs the claim, it does not make it.
			if (w.n === 'whether') return true;
			if (SUBORDINATORS.has(w.n) || COORDINATORS.has(w.n)) {
				return j > 0 && ws[j - 1].n === 'not';
			}
		}
		return false;
	}

	/** "Human error is not a root cause", "carelessness wasn't the issue". */
	negatedAfter(end: number): boolean {
		const ws = this.ws;
		for (let j = end, seen = 0; j < ws.length && seen < 3; j++, seen++) {
			if (ws[j].punct) return false;
			if (BE.has(ws[j].n) && ws[j + 1]?.n === 'not') return true;
		}
		return false;
	}

	/** Index of the next word after any adverbs ("should have really checked"). */
	nextWordAt(i: number): number {
		let j = i;
		while (j < this.ws.length && !this.ws[j].punct && PATTERN_ADVERBS.has(this.ws[j].n)) j++;
		return j;
	}

	humanVerbAt(i: number): boolean {
		const w = this.nextWord(i);
		return w !== undefined && HUMAN_VERBS.has(w.n);
	}

	nextWord(i: number): Word | undefined {
		const w = this.ws[this.nextWordAt(i)];
		return w && !w.punct ? w : undefined;
	}
}
