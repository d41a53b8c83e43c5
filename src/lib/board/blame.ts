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

export const BLAME_RULES = [
	'human-error',
	'lapse',
	'failed-to',
	'hindsight',
	'did-not-check',
	'ignored',
	'character',
	'fault',
	'mistake',
	'wrong-action',
	'caused'
] as const;
export type BlameRule = (typeof BLAME_RULES)[number];

export interface BlameFlag {
	/** Offsets into the text given to findBlame, end exclusive, so the UI can highlight. */
	start: number;
	end: number;
	phrase: string;
	rule: BlameRule;
	message: string;
	suggestion: string;
}

export interface BlameOptions {
	/** Board participants; their names count as people even when they look like words. */
	participantNames?: string[];
}

const ADVICE: Record<BlameRule, { message: string; suggestion: string }> = {
	'human-error': {
		message: '“Human error” is where the analysis starts, not where it ends.',
		suggestion:
			"What made the slip possible, and what let it cascade? e.g. 'the command ran against production without a confirmation step'"
	},
	lapse: {
		message: 'This puts the cause on someone’s memory or attention.',
		suggestion: "What made this step easy to miss? e.g. 'the checklist did not include …'"
	},
	'failed-to': {
		message: 'This puts the failure on a person rather than on what surrounded them.',
		suggestion: "Why did the process allow this? e.g. 'nothing in the pipeline required …'"
	},
	hindsight: {
		message: '“Should have” is hindsight: it was not obvious at the time.',
		suggestion: "What would have made the right move obvious then? e.g. 'the dashboard did not show …'"
	},
	'did-not-check': {
		message: 'This puts a missing check on a person.',
		suggestion: "What could have made the check automatic or impossible to skip? e.g. 'the deploy script does not verify …'"
	},
	ignored: {
		message: 'Signals are usually passed over for a reason.',
		suggestion: "What made this signal easy to dismiss? e.g. 'this alert fires daily without impact'"
	},
	character: {
		message: 'This describes a person, not what happened.',
		suggestion: 'Describe the action and its context: what made it seem reasonable at the time?'
	},
	fault: {
		message: 'Assigning fault to a person stops the learning.',
		suggestion: 'Ask what in the system let this happen, not whose it was.'
	},
	mistake: {
		message: 'This names the person behind the mistake.',
		suggestion: "What let the mistake reach production? e.g. 'the config was not validated before rollout'"
	},
	'wrong-action': {
		message: 'This frames a person’s action as the cause.',
		suggestion: "What made the wrong option look right? e.g. 'the two configs had near-identical names'"
	},
	caused: {
		message: 'This names a person as the cause.',
		suggestion: "Name the change, not the person: e.g. 'the 14:02 deploy removed …'"
	}
};

// ---------------------------------------------------------------------------------------
// Word lists. Lower case; plurals are found by stripping a trailing "s".

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

const PRONOUNS = words(
	'he she they you someone somebody whoever who anyone anybody everyone everybody him them ourselves themselves himself herself yourself'
);
const SELF = words('we i us myself');
const ROLES = words(`engineer developer dev programmer coder on-call oncall on-caller operator admin administrator
	sysadmin dba sre ops devops qa tester reviewer approver author contractor consultant intern hire newbie junior
	team squad person people human staff colleague coworker co-worker teammate employee responder commander ic
	manager lead owner maintainer architect designer pm support marketing sales leadership management guy gal folk
	individual committer captain shepherd champion rep representative specialist technician expert analyst
	coordinator rookie newcomer veteran volunteer director head vp cto ceo founder boss releaser deployer
	on-caller oncaller firefighter`);
/** People whose failures are impact, not blame. */
const NOT_PEOPLE = words('user customer client visitor shopper buyer merchant subscriber tenant');
const THING_PRONOUNS = words('it this that which what these those');
/** Subjects of "… is on Bob": the incident itself. */
const THAT_PRONOUNS = words('it this that one outage incident failure downtime problem mess breakage');
/** Names of tools and services that are capitalised like first names. */
const SYSTEM_NAMES = words(`kafka redis postgres postgresql mysql mariadb mongo mongodb kubernetes k8s docker nginx envoy
	istio consul vault terraform ansible puppet chef jenkins github gitlab bitbucket circleci travis aws gcp azure s3 ec2
	rds lambda cloudflare fastly akamai sentry pagerduty opsgenie datadog grafana prometheus alertmanager elasticsearch
	elastic kibana logstash rabbitmq celery sidekiq cassandra zookeeper etcd haproxy varnish memcached node java python
	linux windows chrome safari firefox stripe twilio okta auth0 slack jira helm argo argocd spinnaker airflow spark
	hadoop snowflake bigquery dynamodb sqs sns cloudwatch route53 dns cdn api ci cd vpn ldap sso oauth pgbouncer sql
	graphql grpc http https tls ssl cron systemd vercel netlify heroku shopify salesforce zendesk statuspage checkout
	billing search auth login cache config traffic payments inventory cart gateway frontend backend monitoring staging
	production prod nothing everything something renovate dependabot copilot ios android`);
/** Common first names, so a sentence that starts with a name is recognised without the participant list. */
const FIRST_NAMES = words(`james john robert michael william david richard joseph thomas charles chris christopher daniel
	matthew anthony mark paul steven steve andrew andy kenneth ken joshua josh kevin brian george timothy tim ronald
	jason jeff jeffrey ryan jacob gary nicholas nick eric jonathan jon stephen larry justin scott brandon benjamin ben
	samuel sam frank gregory greg raymond alexander alex patrick jack dennis jerry tyler aaron jose adam henry nathan
	peter pete zachary kyle walter harold jeremy ethan carl keith roger gerald christian terry sean arthur austin noah
	lawrence jesse joe bryan billy bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph
	eugene russell bobby mason philip phil louis lucas marcus jonas andreas klaus hans niels carlos luis miguel diego
	pablo javier mateo marco luca giovanni matteo francesco pierre jean luc antoine hugo leon felix max moritz jan
	lars sven erik anders olaf dmitri dmitry ivan sergei sergey alexei igor oleg yuri vladimir boris mikhail pavel
	tomas tom tomasz piotr pawel marek jakub ahmed mohammed mohamed ali omar hassan youssef karim rahul raj ravi arjun
	vikram amit sanjay suresh anil vijay deepak rohan kenji hiroshi takashi yuki haruto sora ren jun wei chen li wang
	zhang liu hao lei kwame kofi tunde chidi emeka mary patricia jennifer linda elizabeth liz barbara susan jessica
	sarah karen nancy lisa betty margaret sandra ashley kimberly kim emily donna michelle dorothy carol amanda melissa
	deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma
	samantha katherine kate christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie
	joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline
	frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia judy grace denise amber
	marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose alexis kayla sofia
	lucia elena chiara giulia francesca camille chloe lea manon ines clara lena hanna mia lina ingrid astrid freya
	olga natasha natalia svetlana irina anastasia katya priya ananya aisha fatima fatma leila layla zara sana noor
	mei ling yan xin hui yuna sakura hana aiko keiko amara ngozi chiamaka zainab nadia`);
/** Determiners before a capitalised word mean it is a thing ("the Gateway"), not a person. */
const DETERMINERS = words('the a an our their this that these those its your his her my every each some any no');
/** Words skipped when looking back from a predicate to its subject ("Bob had just forgotten"). */
const SKIP_BACK = words(`had has have having was were is are am be been being did does do will would could can may
	might must shall should just simply clearly obviously also even really actually completely totally probably
	apparently evidently certainly definitely basically again ever never still already somehow initially originally
	later subsequently unfortunately sadly honestly frankly once twice repeatedly always often sometimes usually
	immediately quickly entirely partly then keep keeps kept continued seemed seems appears appeared got only`);
/** Adverbs allowed inside a predicate ("did not even check", "should never have"). */
const PATTERN_ADVERBS = words(`just simply clearly obviously also even really actually completely totally probably
	apparently properly again ever never still already definitely certainly fully carefully entirely solely double
	first
	squarely wholly partly mostly all`);
const SENTENCE_PUNCT = words('. ! ? ; : ( ) [ ] — – \n');
const SUBORDINATORS = words(
	'because since when while after before although though if unless until whereas so once where whether'
);
const COORDINATORS = words('and or but then yet nor');
const NEGATORS = words(`not no never nor without avoid avoids avoided avoiding instead rather than stop stops stopping
	stopped beyond neither calling so-called label labels labelled labeled labelling labeling phrase word words term`);
const BE = words('is was are were be been being am');
/** Verbs that only a person does; a capitalised unknown subject followed by one is probably a name. */
const HUMAN_VERBS = words(`check checked verify verified test tested read review reviewed validate validated confirm
	confirmed double-check double-checked look looked follow followed notice noticed escalate escalated ask asked
	wait waited tell told inform informed notify notified communicate communicated consider considered update
	updated document documented mention mentioned coordinate coordinated call called remember remembered realise
	realised realize realized know known think thought pay paid report reported warn warned listen listened been
	rolled revert reverted roll run ran double-checking reading checking testing`);
/** "Someone should have been paged": the person is the recipient, not the agent. */
const RECIPIENT_VERBS = words(
	'paged alerted notified told warned informed called involved consulted woken included looped given shown trained'
);
/** "error budget", "our error handling": the noun is a modifier about a system. */
const COMPOUND_FOLLOWERS = words(`handling handler handlers budget budgets rate rates code codes message messages page
	pages log logs tracking tracker reporting path paths domain domains tolerance injection detection state count
	response responses class type types boundary boundaries bar bars correction checking`);
const LAZY_TECH = words(`loading load loaded loads evaluation eval init initialization initialisation initialized
	initialised import imports instantiation fetch fetching hydration module modules iterator iteration binding
	bindings property properties val seq sequence list collection query queries mode deserialization parsing
	rendering route routes component components singleton static stream streams evaluated`);
const WRONG_ADJECTIVES = words(
	'wrong bad broken incorrect faulty untested buggy invalid outdated stale mistaken unreviewed'
);
const ACTION_VERBS = words(`pushed deployed merged ran applied used typed entered picked selected chose set changed
	edited copied pasted configured approved sent deleted dropped removed shipped updated modified committed uploaded
	restarted killed terminated flipped toggled enabled disabled rolled released targeted pointed got did made
	wrote picked gave give gives provided told shared posted published`);
/** Words that end a noun phrase: prepositions, conjunctions, auxiliaries. */
const NP_END = words(`for in on at to with of from during after before by because when and or but that which who
	was is were are had has have did does do not will would could should can may might must who's just also`);
/** Openers of a "because" answer that come before its subject. */
const LEAD_FILLER = words(`because of due to that since as so the reason was is it just simply probably likely
	mostly mainly then basically`);
/** Groups are not "a person": "because the team had no staging" already points at a system gap. */
const GROUPS = words(`team squad people staff ops devops support marketing sales leadership management folk folks
	they we i us everyone everybody`);
/** Irregular past tenses that end a subject ("the new engineer ran …"). */
const PAST_VERBS = words(`ran made took broke left forgot gave set put did had was were sent wrote chose got kept
	lost went saw knew thought told found brought built began hit cut shut split`);

const PREPOSITIONS = words('on in at from of for with');
const POSSESSIVE_PRONOUNS = words('my his her their your our');
const OWNER_PRONOUNS = words('his hers theirs mine yours ours');
/** Nouns that blame whoever owns them: "Marco's fault", "her failure to escalate". */
const OWN_NOUNS = new Map<string, BlameRule>();
const own = (list: string, rule: BlameRule) => list.split(' ').forEach((n) => OWN_NOUNS.set(n, rule));
own('fault faults doing', 'fault');
own('mistake mistakes error errors blunder blunders oversight screw-up screwup typo typos', 'mistake');
own('failure failures inability lack', 'failed-to');
own('negligence carelessness inattention laziness incompetence sloppiness judgement judgment', 'character');

const IRREGULAR_FORMS: Record<string, string> = {
	read: 'read reads reading',
	run: 'run runs ran running',
	tell: 'tell tells told telling',
	catch: 'catch catches caught catching',
	think: 'think thinks thought thinking',
	know: 'know knows knew known knowing'
};

/** Every inflection of regular verbs ("check" → check checks checked checking), as a pattern group. */
function verbForms(bases: string): string {
	const forms: string[] = [];
	for (const base of bases.split(/\s+/).filter(Boolean)) {
		if (base in IRREGULAR_FORMS) {
			forms.push(...IRREGULAR_FORMS[base].split(' '));
			continue;
		}
		const stem = base.endsWith('e') ? base.slice(0, -1) : base;
		const third = /(ch|sh|x|s)$/.test(base) ? `${base}es` : base.endsWith('y') ? `${base.slice(0, -1)}ies` : `${base}s`;
		const past = base.endsWith('e') ? `${base}d` : base.endsWith('y') ? `${base.slice(0, -1)}ied` : `${base}ed`;
		forms.push(base, third, past, `${stem}ing`);
	}
	return `(${forms.join('|')})`;
}

/** The checks a person is expected to do; "X did not <one of these>" puts the gap on X. */
const DILIGENCE = verbForms(`check verify test read review validate confirm double-check look follow notice catch ask
	escalate wait update tell inform communicate consider monitor watch investigate acknowledge ack run use realise
	realize`);

/** Past participles that are not "-ed": "should have known", "should have run". */
const IRREGULAR_PARTICIPLES = words(`been known done run read told thought seen taken gone kept set put sent built
	caught made given written brought left spent found got gotten had understood split shut`);

const singularOf = (n: string) => (n.endsWith('s') && n.length > 3 ? n.slice(0, -1) : n);

// ---------------------------------------------------------------------------------------
// Tokens

interface Word {
	/** Normalised: lower case, straight apostrophes, contractions expanded. */
	n: string;
	raw: string;
	start: number;
	end: number;
	punct: boolean;
	quoted: boolean;
}

const CONTRACTION_BASES: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall' };
const NO_APOSTROPHE: Record<string, string> = {
	didnt: 'did',
	doesnt: 'does',
	dont: 'do',
	wasnt: 'was',
	werent: 'were',
	isnt: 'is',
	arent: 'are',
	shouldnt: 'should',
	couldnt: 'could',
	wouldnt: 'would',
	hasnt: 'has',
	havent: 'have',
	hadnt: 'had',
	cant: 'can',
	mustnt: 'must'
};
const IS_CONTRACTIONS = words("it's that's there's what's he's she's who's here's one's");

const TOKEN = /[\p{L}\p{N}_]+(?:['’‘-][\p{L}\p{N}_]+)*|\n|[^\s\p{L}\p{N}_]/gu;
const QUOTES = new Set(['"', '“', '”', "'", '‘', '’']);

function expand(lower: string): string[] {
	if (lower.endsWith("n't")) {
		const base = lower.slice(0, -3);
		return [CONTRACTION_BASES[base] ?? base, 'not'];
	}
	if (lower in NO_APOSTROPHE) return [NO_APOSTROPHE[lower], 'not'];
	if (lower === 'cannot') return ['can', 'not'];
	if (lower.endsWith("'ve")) return [lower.slice(0, -3), 'have'];
	if (lower.endsWith("'d")) return [lower.slice(0, -2), 'had'];
	if (lower.endsWith("'ll")) return [lower.slice(0, -3), 'will'];
	if (lower.endsWith("'re")) return [lower.slice(0, -3), 'are'];
	if (lower.endsWith("'m")) return [lower.slice(0, -2), 'am'];
	if (IS_CONTRACTIONS.has(lower)) return [lower.slice(0, -2), 'is'];
	return [lower];
}

function tokenize(text: string): Word[] {
	const out: Word[] = [];
	for (const m of text.matchAll(TOKEN)) {
		const raw = m[0];
		const start = m.index;
		const end = start + raw.length;
		const isWord = /[\p{L}\p{N}_]/u.test(raw[0]);
		if (!isWord) {
			let n = raw === '“' || raw === '”' ? '"' : raw === '‘' || raw === '’' ? "'" : raw;
			// "v2.3" and "14:02" are not sentence ends; only punctuation followed by space is.
			if ((n === '.' || n === ':') && end < text.length && !/\s/.test(text[end])) n = '·';
			out.push({ n, raw, start, end, punct: true, quoted: false });
			continue;
		}
		const lower = raw.toLowerCase().replace(/[’‘]/g, "'");
		for (const n of expand(lower)) {
			out.push({ n, raw, start, end, punct: false, quoted: false });
		}
	}
	markQuotes(out, text);
	return out;
}

/** Words inside quotation marks are mentions ("stopping at “human error”"), not uses. */
function markQuotes(ws: Word[], text: string): void {
	for (let i = 0; i < ws.length; i++) {
		const w = ws[i];
		if (!w.punct || !QUOTES.has(w.raw) || w.raw === '”') continue;
		const single = w.n === "'";
		// A single quote opens only at a word boundary; otherwise it is an apostrophe.
		if (single && w.start > 0 && !/[\s([{“"]/.test(text[w.start - 1])) continue;
		const limit = Math.min(ws.length, i + 40);
		for (let j = i + 1; j < limit; j++) {
			const c = ws[j];
			if (c.n === '\n') break;
			if (!c.punct || !QUOTES.has(c.raw)) continue;
			if (single ? c.n !== "'" : c.n !== '"') continue;
			if (single && c.end < text.length && /[\p{L}\p{N}]/u.test(text[c.end])) continue;
			for (let k = i + 1; k < j; k++) ws[k].quoted = true;
			i = j;
			break;
		}
	}
}

// ---------------------------------------------------------------------------------------
// Subjects

type SubjectKind = 'person' | 'self' | 'nobody' | 'maybe' | 'none' | 'thing';
interface Subject {
	kind: SubjectKind;
	/** Index of the head word, -1 when the predicate has no subject. */
	at: number;
}

const NOUN_SUFFIX = /(ing|tion|sion|ment|ity|ness|ance|ence|ics|age|ure|ogy|ism|ery|ory|ship|dom|cy|er|s)$/;

class Context {
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

// ---------------------------------------------------------------------------------------
// Predicates

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
function matchSteps(ws: Word[], steps: Step[], i: number, s = 0): number {
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

const BY_FIRST_WORD = new Map<string, Predicate[]>();
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

function confirm(ctx: Context, p: Predicate, start: number, end: number): boolean {
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

// ---------------------------------------------------------------------------------------

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
