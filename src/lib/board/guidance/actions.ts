import { flag, type GuidanceFlag, type GuidanceTarget } from './flags.ts';
import type { ActionItem, ContributingFactor } from '../types.ts';


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

