import { describe, expect, it } from 'vitest';
import { actionVagueness, checkActionItem, checkFactorsHaveActions } from './actions.ts';
import { checkText } from './text.ts';
import { checkWhyChain } from './why-chains.ts';
import { collectGuidance } from './guidance.ts';
import { flagsFor, targetKey } from './flags.ts';
import { SECTION_IDS } from '../sections.ts';
import type { ActionItem, BoardData, ContributingFactor, WhyChain } from '../types.ts';
import { actionItem as action, emptyBoard } from '../../../../tests/fixtures/board-data.ts';

const factor = (id: string, title = 'Insufficient testing'): ContributingFactor => ({
	id,
	title,
	category: 'testing',
	description: '',
	createdAt: '2026-01-05T15:00:00.000Z'
});


const chain = (becauses: string[], problem = 'Checkout returned 500s'): WhyChain => ({
	id: 'c1',
	problem,
	steps: becauses.map((because, i) => ({ id: `s${i + 1}`, why: `Why ${i + 1}?`, because }))
});


describe('checkText', () => {
	it('turns blame into warnings with a range and a phrase-based id', () => {
		const target = { kind: 'timeline', id: 't1', field: 'description' } as const;
		const [flag] = checkText('Bob forgot to run the migration', target, ['Bob']);
		expect(flag).toMatchObject({
			rule: 'blame-language',
			section: 'timeline',
			severity: 'warning',
			target,
			phrase: 'forgot',
			blameRule: 'lapse',
			range: { start: 4, end: 10 }
		});
		expect(flag.suggestion).toBeTruthy();
	});

	it('keeps the id stable while text is typed before the phrase', () => {
		const target = { kind: 'summary', field: 'summary' } as const;
		const before = checkText('Bob forgot to renew it.', target, ['Bob']);
		const after = checkText('At 14:02, Bob forgot to renew it.', target, ['Bob']);
		expect(after[0].id).toBe(before[0].id);
		expect(after[0].range).not.toEqual(before[0].range);
	});

	it('gives repeated phrases distinct ids', () => {
		const flags = checkText('Bob forgot the flag. Alice forgot the alert.', { kind: 'notes', field: 'notes' }, ['Bob', 'Alice']);
		expect(flags).toHaveLength(2);
		expect(new Set(flags.map((f) => f.id)).size).toBe(2);
	});

	it('flags nothing in systemic wording', () => {
		expect(checkText('The deploy pipeline did not run the migration check.', { kind: 'summary' })).toEqual([]);
	});
});

describe('checkWhyChain', () => {
	it('flags a chain whose last answer stops at a named person', () => {
		const flags = checkWhyChain(chain(['the config was wrong', 'because Bob pushed the wrong config']), ['Bob']);
		expect(flags).toHaveLength(1);
		expect(flags[0]).toMatchObject({
			rule: 'why-stops-at-person',
			severity: 'warning',
			section: 'why',
			target: { kind: 'why', id: 'c1', stepId: 's2', field: 'because' }
		});
		expect(flags[0].message).toMatch(/stops at a person/);
		expect(flags[0].message).toMatch(/Ask one more why/);
	});

	it('flags a chain that stops at human error', () => {
		const [flag] = checkWhyChain(chain(['a bad query ran', 'because of human error']));
		expect(flag.rule).toBe('why-stops-at-person');
		expect(flag.message).toMatch(/human error/);
	});

	it('flags a chain that stops at a role noun', () => {
		expect(checkWhyChain(chain(['the index was dropped', 'because the engineer made a mistake']))[0].rule).toBe(
			'why-stops-at-person'
		);
	});

	it('gives a gentler note when the answer only names a person without blame words', () => {
		const [flag] = checkWhyChain(chain(['the flag was on', 'because Priya enabled it for the demo']), ['Priya']);
		expect(flag).toMatchObject({ rule: 'why-stops-at-person', severity: 'info' });
	});

	it('does not flag a chain that reaches the system', () => {
		expect(
			checkWhyChain(chain(['because Bob pushed the wrong config', 'because the deploy tool does not validate configs']), ['Bob'])
		).toEqual([]);
		expect(checkWhyChain(chain(['the team had no staging environment for payments']))).toEqual([]);
	});

	it('only looks at the last step for the person check', () => {
		const flags = checkWhyChain(chain(['Bob forgot to run it', 'the runbook does not list the step']), ['Bob']);
		expect(flags).toEqual([]);
	});

	it('notes an empty chain', () => {
		const [flag] = checkWhyChain(chain([]));
		expect(flag).toMatchObject({ rule: 'why-empty', severity: 'info', target: { kind: 'why', id: 'c1' } });
		expect(flag.suggestion).toMatch(/Checkout returned 500s/);
		expect(checkWhyChain({ id: 'c1', problem: '', steps: [{ id: 's1', why: ' ', because: '' }] })[0].rule).toBe('why-empty');
	});

	it('notes an unanswered last why', () => {
		const [flag] = checkWhyChain(chain(['the config was wrong', '  ']));
		expect(flag).toMatchObject({ rule: 'why-unanswered', severity: 'info', target: { stepId: 's2', field: 'because' } });
	});
});

describe('actionVagueness', () => {
	it.each([
		'Improve monitoring',
		'Be more careful',
		'Look into the database',
		'Investigate',
		'Better alerting',
		'Monitor more',
		'Communicate better',
		'Ensure better communication',
		'Make sure this does not happen again',
		'Add monitoring',
		'Document the process',
		'Fix the bug',
		'Improve Monitoring And Alerting'
	])('vague: %s', (title) => {
		expect(actionVagueness(title).vague).toBe(true);
	});

	it.each([
		'Add an alert on checkout 5xx rate > 2% for 5 min',
		'Ensure the deploy script runs the migration check',
		'Write a runbook for Redis failover',
		'Automate certificate renewal',
		'Rotate the API keys',
		'Fix the null check in PaymentService.refund',
		'Add `--dry-run` to bin/cleanup',
		'Require two approvals for production database migrations',
		'Add a confirmation prompt to the cleanup script'
	])('concrete: %s', (title) => {
		expect(actionVagueness(title).vague).toBe(false);
	});

	it('names the vague words to quote back', () => {
		expect(actionVagueness('Look into the database').phrase).toBe('Look into');
		expect(actionVagueness('Be more careful').phrase).toBe('Be more careful');
		expect(actionVagueness('Improve monitoring').phrase).toBe('Improve');
	});
});

describe('checkActionItem', () => {
	const factors = [factor('f1')];
	const rulesOf = (item: ActionItem) => checkActionItem(item, factors).map((f) => f.rule);

	it('has nothing to say about a complete, concrete action', () => {
		expect(checkActionItem(action(), factors)).toEqual([]);
	});

	it('flags a vague title', () => {
		const [flag] = checkActionItem(action({ title: 'Improve monitoring' }), factors);
		expect(flag).toMatchObject({
			rule: 'action-vague',
			severity: 'warning',
			section: 'actions',
			target: { kind: 'action', id: 'a1', field: 'title' }
		});
		expect(flag.message).toMatch(/Improve/);
	});

	it('notes an empty title instead of calling it vague', () => {
		expect(rulesOf(action({ title: '  ' }))).toEqual(['action-empty']);
	});

	it('flags a missing owner and due date on their fields', () => {
		const flags = checkActionItem(action({ owner: ' ', due: null }), factors);
		expect(flags.map((f) => [f.rule, f.target.field])).toEqual([
			['action-no-owner', 'owner'],
			['action-no-due', 'due']
		]);
	});

	it('flags a missing factor link', () => {
		expect(rulesOf(action({ factorId: null }))).toEqual(['action-no-factor']);
	});

	it('flags a link to a factor that no longer exists', () => {
		expect(rulesOf(action({ factorId: 'gone' }))).toEqual(['action-dangling-factor']);
	});

	it('does not ask a done action for a due date', () => {
		expect(rulesOf(action({ status: 'done', due: null }))).toEqual([]);
	});

	it("treats a won't-do action as a decision: no owner, date or wording needed", () => {
		expect(rulesOf(action({ status: "won't do", owner: '', due: null, title: 'Improve monitoring' }))).toEqual([]);
		expect(rulesOf(action({ status: "won't do", factorId: 'gone' }))).toEqual(['action-dangling-factor']);
	});

	it('gives each problem a stable id', () => {
		const a = checkActionItem(action({ owner: '' }), factors);
		const b = checkActionItem(action({ owner: '', title: 'Add an alert on checkout 5xx > 3%' }), factors);
		expect(a[0].id).toBe(b[0].id);
		expect(a[0].id).toBe('action-no-owner:action:a1::owner');
	});
});

describe('checkFactorsHaveActions', () => {
	it('flags factors with no action', () => {
		const flags = checkFactorsHaveActions([factor('f1'), factor('f2')], [action({ factorId: 'f1' })]);
		expect(flags).toHaveLength(1);
		expect(flags[0]).toMatchObject({
			rule: 'factor-no-action',
			severity: 'warning',
			section: 'factors',
			target: { kind: 'factor', id: 'f2' }
		});
	});

	it("notes, but does not warn about, a factor covered only by won't-do actions", () => {
		const flags = checkFactorsHaveActions([factor('f1')], [action({ status: "won't do" })]);
		expect(flags).toMatchObject([{ rule: 'factor-only-wont-do', severity: 'info' }]);
	});

	it('is quiet when every factor has an action', () => {
		expect(
			checkFactorsHaveActions([factor('f1')], [action({ status: "won't do" }), action({ id: 'a2', status: 'done' })])
		).toEqual([]);
	});
});

describe('collectGuidance', () => {
	function busyBoard(): BoardData {
		const board = emptyBoard();
		board.header.title = 'Checkout outage';
		board.summary = 'Checkout failed for 40 minutes because of human error.';
		board.notes = 'Priya should have escalated sooner.';
		board.impact.usersAffected = 'Everyone the careless deploy reached';
		board.timeline = [
			{ id: 't1', at: '2026-01-05T14:02:00.000Z', kind: 'trigger', description: 'Bob deployed v2.3.1', author: 'Alice', createdAt: '' },
			{ id: 't2', at: '2026-01-05T14:10:00.000Z', kind: 'detection', description: 'The on-call ignored the first page', author: 'Alice', createdAt: '' }
		];
		board.whyChains = [chain(['because Bob pushed the wrong config'])];
		board.factors = [factor('f1'), { ...factor('f2', 'Sloppy reviews'), description: 'Reviewers failed to read the diff.' }];
		board.actions = [action({ id: 'a1', title: 'Be more careful', factorId: 'f1' })];
		board.wentWell = [{ id: 'w1', text: 'Alice rolled back within minutes' }];
		board.lucky = [{ id: 'l1', text: 'It happened off-peak' }];
		return board;
	}

	it('finds blame in every free-text field and the structural problems, in the order the board shows the sections', () => {
		const flags = collectGuidance(busyBoard());
		const where = flags.map((f) => `${f.rule}@${f.target.kind}.${f.target.field ?? ''}`);
		expect(where).toEqual([
			'blame-language@summary.summary',
			'blame-language@timeline.description',
			'blame-language@impact.usersAffected',
			'blame-language@why.because',
			'why-stops-at-person@why.because',
			'blame-language@factor.title',
			'blame-language@factor.description',
			'factor-no-action@factor.',
			'blame-language@action.title',
			'action-vague@action.title',
			'blame-language@notes.notes'
		]);
	});

	it('sorts by section order', () => {
		const flags = collectGuidance(busyBoard());
		const order = flags.map((f) => SECTION_IDS.indexOf(f.section));
		expect(order).toEqual([...order].sort((a, b) => a - b));
	});

	it('recognises people on the board (authors, owners) as well as given names', () => {
		const board = emptyBoard();
		board.actions = [action({ owner: 'Zed' })];
		board.factors = [factor('f1')];
		// "failed to start" is something services do too, so an unknown capitalised word is not enough.
		board.summary = 'Zed failed to start the replica.';
		expect(collectGuidance(board).map((f) => f.rule)).toEqual(['blame-language']);
		board.actions = [];
		board.factors = [];
		board.summary = 'Quill failed to start the replica.';
		expect(collectGuidance(board)).toEqual([]);
		expect(collectGuidance(board, ['Quill']).map((f) => f.rule)).toEqual(['blame-language']);
	});

	it('is quiet on an empty board apart from nothing at all', () => {
		expect(collectGuidance(emptyBoard())).toEqual([]);
	});

	it('gives unique ids that survive recomputation', () => {
		const a = collectGuidance(busyBoard());
		const b = collectGuidance(busyBoard());
		expect(new Set(a.map((f) => f.id)).size).toBe(a.length);
		expect(b.map((f) => f.id)).toEqual(a.map((f) => f.id));
	});

	it('lets the UI pick the flags for one element', () => {
		const flags = collectGuidance(busyBoard());
		expect(flagsFor(flags, { kind: 'why', id: 'c1' }).map((f) => f.rule)).toEqual([
			'blame-language',
			'why-stops-at-person'
		]);
		expect(flagsFor(flags, { kind: 'factor', id: 'f2', field: 'title' })).toHaveLength(1);
		expect(targetKey({ kind: 'why', id: 'c1', stepId: 's1', field: 'because' })).toBe('why:c1:s1:because');
	});
});
