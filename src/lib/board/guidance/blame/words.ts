/** Word lists the blame scan recognises. Lower case; plurals are found by stripping a trailing "s". */
import type { BlameRule } from './rules.ts';
export const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

export const PRONOUNS = words(
	'he she they you someone somebody whoever who anyone anybody everyone everybody him them ourselves themselves himself herself yourself'
);
export const SELF = words('we i us myself');
export const ROLES = words(`engineer developer dev programmer coder on-call oncall on-caller operator admin administrator
	sysadmin dba sre ops devops qa tester reviewer approver author contractor consultant intern hire newbie junior
	team squad person people human staff colleague coworker co-worker teammate employee responder commander ic
	manager lead owner maintainer architect designer pm support marketing sales leadership management guy gal folk
	individual committer captain shepherd champion rep representative specialist technician expert analyst
	coordinator rookie newcomer veteran volunteer director head vp cto ceo founder boss releaser deployer
	on-caller oncaller firefighter`);
/** People whose failures are impact, not blame. */
export const NOT_PEOPLE = words('user customer client visitor shopper buyer merchant subscriber tenant');
export const THING_PRONOUNS = words('it this that which what these those');
/** Subjects of "… is on Bob": the incident itself. */
export const THAT_PRONOUNS = words('it this that one outage incident failure downtime problem mess breakage');
/** Names of tools and services that are capitalised like first names. */
export const SYSTEM_NAMES = words(`kafka redis postgres postgresql mysql mariadb mongo mongodb kubernetes k8s docker nginx envoy
	istio consul vault terraform ansible puppet chef jenkins github gitlab bitbucket circleci travis aws gcp azure s3 ec2
	rds lambda cloudflare fastly akamai sentry pagerduty opsgenie datadog grafana prometheus alertmanager elasticsearch
	elastic kibana logstash rabbitmq celery sidekiq cassandra zookeeper etcd haproxy varnish memcached node java python
	linux windows chrome safari firefox stripe twilio okta auth0 slack jira helm argo argocd spinnaker airflow spark
	hadoop snowflake bigquery dynamodb sqs sns cloudwatch route53 dns cdn api ci cd vpn ldap sso oauth pgbouncer sql
	graphql grpc http https tls ssl cron systemd vercel netlify heroku shopify salesforce zendesk statuspage checkout
	billing search auth login cache config traffic payments inventory cart gateway frontend backend monitoring staging
	production prod nothing everything something renovate dependabot copilot ios android`);
/** Common first names, so a sentence that starts with a name is recognised without the participant list. */
export const FIRST_NAMES = words(`james john robert michael william david richard joseph thomas charles chris christopher daniel
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
export const DETERMINERS = words('the a an our their this that these those its your his her my every each some any no');
/** Words skipped when looking back from a predicate to its subject ("Bob had just forgotten"). */
export const SKIP_BACK = words(`had has have having was were is are am be been being did does do will would could can may
	might must shall should just simply clearly obviously also even really actually completely totally probably
	apparently evidently certainly definitely basically again ever never still already somehow initially originally
	later subsequently unfortunately sadly honestly frankly once twice repeatedly always often sometimes usually
	immediately quickly entirely partly then keep keeps kept continued seemed seems appears appeared got only`);
/** Adverbs allowed inside a predicate ("did not even check", "should never have"). */
export const PATTERN_ADVERBS = words(`just simply clearly obviously also even really actually completely totally probably
	apparently properly again ever never still already definitely certainly fully carefully entirely solely double
	first
	squarely wholly partly mostly all`);
export const SENTENCE_PUNCT = words('. ! ? ; : ( ) [ ] — – \n');
export const SUBORDINATORS = words(
	'because since when while after before although though if unless until whereas so once where whether'
);
export const COORDINATORS = words('and or but then yet nor');
export const NEGATORS = words(`not no never nor without avoid avoids avoided avoiding instead rather than stop stops stopping
	stopped beyond neither calling so-called label labels labelled labeled labelling labeling phrase word words term`);
export const BE = words('is was are were be been being am');
/** Verbs that only a person does; a capitalised unknown subject followed by one is probably a name. */
export const HUMAN_VERBS = words(`check checked verify verified test tested read review reviewed validate validated confirm
	confirmed double-check double-checked look looked follow followed notice noticed escalate escalated ask asked
	wait waited tell told inform informed notify notified communicate communicated consider considered update
	updated document documented mention mentioned coordinate coordinated call called remember remembered realise
	realised realize realized know known think thought pay paid report reported warn warned listen listened been
	rolled revert reverted roll run ran double-checking reading checking testing`);
/** "Someone should have been paged": the person is the recipient, not the agent. */
export const RECIPIENT_VERBS = words(
	'paged alerted notified told warned informed called involved consulted woken included looped given shown trained'
);
/** "error budget", "our error handling": the noun is a modifier about a system. */
export const COMPOUND_FOLLOWERS = words(`handling handler handlers budget budgets rate rates code codes message messages page
	pages log logs tracking tracker reporting path paths domain domains tolerance injection detection state count
	response responses class type types boundary boundaries bar bars correction checking`);
export const LAZY_TECH = words(`loading load loaded loads evaluation eval init initialization initialisation initialized
	initialised import imports instantiation fetch fetching hydration module modules iterator iteration binding
	bindings property properties val seq sequence list collection query queries mode deserialization parsing
	rendering route routes component components singleton static stream streams evaluated`);
export const WRONG_ADJECTIVES = words(
	'wrong bad broken incorrect faulty untested buggy invalid outdated stale mistaken unreviewed'
);
export const ACTION_VERBS = words(`pushed deployed merged ran applied used typed entered picked selected chose set changed
	edited copied pasted configured approved sent deleted dropped removed shipped updated modified committed uploaded
	restarted killed terminated flipped toggled enabled disabled rolled released targeted pointed got did made
	wrote picked gave give gives provided told shared posted published`);
/** Words that end a noun phrase: prepositions, conjunctions, auxiliaries. */
export const NP_END = words(`for in on at to with of from during after before by because when and or but that which who
	was is were are had has have did does do not will would could should can may might must who's just also`);
/** Openers of a "because" answer that come before its subject. */
export const LEAD_FILLER = words(`because of due to that since as so the reason was is it just simply probably likely
	mostly mainly then basically`);
/** Groups are not "a person": "because the team had no staging" already points at a system gap. */
export const GROUPS = words(`team squad people staff ops devops support marketing sales leadership management folk folks
	they we i us everyone everybody`);
/** Irregular past tenses that end a subject ("the new engineer ran …"). */
export const PAST_VERBS = words(`ran made took broke left forgot gave set put did had was were sent wrote chose got kept
	lost went saw knew thought told found brought built began hit cut shut split`);

export const PREPOSITIONS = words('on in at from of for with');
export const POSSESSIVE_PRONOUNS = words('my his her their your our');
export const OWNER_PRONOUNS = words('his hers theirs mine yours ours');
/** Nouns that blame whoever owns them: "Marco's fault", "her failure to escalate". */
export const OWN_NOUNS = new Map<string, BlameRule>();
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
export const DILIGENCE = verbForms(`check verify test read review validate confirm double-check look follow notice catch ask
	escalate wait update tell inform communicate consider monitor watch investigate acknowledge ack run use realise
	realize`);

/** Past participles that are not "-ed": "should have known", "should have run". */
export const IRREGULAR_PARTICIPLES = words(`been known done run read told thought seen taken gone kept set put sent built
	caught made given written brought left spent found got gotten had understood split shut`);

export const singularOf = (n: string) => (n.endsWith('s') && n.length > 3 ? n.slice(0, -1) : n);
