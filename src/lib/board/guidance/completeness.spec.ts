import { describe, expect, it } from 'vitest';
import { ESSENTIAL_SECTIONS, OPTIONAL_SECTIONS, SECTION_IDS } from '../sections.ts';
import { overallCompleteness, sectionCompleteness } from './completeness.ts';
import type { ActionItem, BoardData, TimelineEntryData, TimelineKind } from '../types.ts';
import { actionItem as action, emptyBoard } from '../../../../tests/fixtures/board-data.ts';


const entry = (id: string, at: string, kind: TimelineKind): TimelineEntryData => ({
	id,
	at,
	kind,
	description: '',
	author: '',
	createdAt: ''
});


/** A board the method would call finished. */
function fullBoard(): BoardData {
	const board = emptyBoard();
	board.header = { ...board.header, title: 'Checkout outage', severity: 'SEV2', incidentDate: '2026-01-05' };
	board.summary = 'A config change removed the payments route for 40 minutes.';
	board.impact = {
		usersAffected: 'About 12% of checkout sessions',
		dataLost: false,
		dataLostWhat: '',
		financialImpact: 'Roughly €18k in delayed orders',
		customerFacing: true
	};
	board.timeline = [
		entry('t1', '2026-01-05T14:02:00.000Z', 'trigger'),
		entry('t2', '2026-01-05T14:10:00.000Z', 'detection'),
		entry('t3', '2026-01-05T14:42:00.000Z', 'resolution')
	];
	board.whyChains = [
		{
			id: 'c1',
			problem: 'Checkout returned 500s',
			steps: [
				{ id: 's1', why: 'Why 500s?', because: 'The payments route was missing from the config' },
				{ id: 's2', why: 'Why missing?', because: 'The config generator drops routes with no owner tag and nothing validates its output' }
			]
		}
	];
	board.factors = [
		{ id: 'f1', title: 'No config validation', category: 'testing', description: '', createdAt: '' }
	];
	board.actions = [action()];
	board.wentWell = [{ id: 'w1', text: 'The rollback took two minutes' }];
	board.followUpDate = '2026-02-02';
	return board;
}

describe('sectionCompleteness', () => {
	it('covers every section', () => {
		expect(Object.keys(sectionCompleteness(emptyBoard())).sort()).toEqual([...SECTION_IDS].sort());
	});

	it('calls a finished board complete, with nothing missing in essential sections', () => {
		const sections = sectionCompleteness(fullBoard());
		for (const id of ESSENTIAL_SECTIONS) {
			expect([id, sections[id].state, sections[id].missing]).toEqual([id, 'complete', []]);
		}
		expect(overallCompleteness(fullBoard())).toEqual({ complete: 9, total: 9 });
	});

	it('calls an empty board empty, with a reason for every essential section', () => {
		const sections = sectionCompleteness(emptyBoard());
		for (const id of ESSENTIAL_SECTIONS) {
			expect([id, sections[id].state]).toEqual([id, 'empty']);
			expect(sections[id].missing.length).toBeGreaterThan(0);
		}
		expect(overallCompleteness(emptyBoard())).toEqual({ complete: 0, total: 9 });
	});

	it('never marks optional sections worse than partial and says they are optional', () => {
		const sections = sectionCompleteness(emptyBoard());
		for (const id of OPTIONAL_SECTIONS) {
			expect(sections[id]).toMatchObject({ state: 'partial', optional: true });
			expect(sections[id].missing[0]).toMatch(/^Optional/);
		}
		const board = emptyBoard();
		board.lucky = [{ id: 'l1', text: 'It happened off-peak' }];
		board.notes = 'Ask the vendor about their status page.';
		expect(sectionCompleteness(board).lucky).toEqual({ state: 'complete', missing: [], optional: true });
		expect(sectionCompleteness(board).notes.state).toBe('complete');
	});

	describe('header', () => {
		it('lists what is missing and is partial when some is there', () => {
			const board = emptyBoard();
			board.header.title = 'Checkout outage';
			expect(sectionCompleteness(board).header).toMatchObject({
				state: 'partial',
				missing: ['No severity', 'No incident date']
			});
		});
	});

	describe('summary', () => {
		it('is empty when blank and complete when written', () => {
			const board = emptyBoard();
			board.summary = '   ';
			expect(sectionCompleteness(board).summary).toMatchObject({ state: 'empty', missing: ['No summary yet'] });
			board.summary = 'Checkout was down.';
			expect(sectionCompleteness(board).summary.state).toBe('complete');
		});
	});

	describe('timeline', () => {
		it('needs a trigger or detection and a resolution', () => {
			const board = emptyBoard();
			board.timeline = [entry('t1', '2026-01-05T14:20:00.000Z', 'action')];
			expect(sectionCompleteness(board).timeline).toMatchObject({
				state: 'partial',
				missing: ['No trigger or detection marker in the timeline', 'No resolution marker in the timeline']
			});
			board.timeline.push(entry('t2', '2026-01-05T14:10:00.000Z', 'detection'));
			expect(sectionCompleteness(board).timeline.missing).toEqual(['No resolution marker in the timeline']);
			board.timeline.push(entry('t3', '2026-01-05T14:40:00.000Z', 'resolution'));
			expect(sectionCompleteness(board).timeline).toMatchObject({ state: 'complete', missing: [] });
		});

		it('catches markers in an order that cannot be right', () => {
			const board = emptyBoard();
			board.timeline = [entry('t1', '2026-01-05T14:10:00.000Z', 'detection'), entry('t2', '2026-01-05T13:00:00.000Z', 'resolution')];
			const section = sectionCompleteness(board).timeline;
			expect(section.state).toBe('partial');
			expect(section.missing).toEqual(['The resolution is before the detection — check the times']);
		});

		it('ignores entries whose time cannot be read', () => {
			const board = emptyBoard();
			board.timeline = [entry('t1', 'not a time', 'trigger'), entry('t2', '2026-01-05T14:40:00.000Z', 'resolution')];
			expect(sectionCompleteness(board).timeline.missing).toEqual(['No trigger or detection marker in the timeline']);
		});
	});

	describe('impact', () => {
		it('asks each question the method asks', () => {
			const missing = sectionCompleteness(emptyBoard()).impact.missing;
			expect(missing).toHaveLength(5);
			expect(missing.join(' ')).toMatch(/users/);
			expect(missing).toContain('Duration unknown: no trigger or detection in the timeline yet');
			expect(missing.join(' ')).toMatch(/data lost/);
			expect(missing.join(' ')).toMatch(/financial/);
			expect(missing.join(' ')).toMatch(/customer-facing/);
		});

		it('counts "no" as an answer', () => {
			const board = fullBoard();
			board.impact.customerFacing = false;
			expect(sectionCompleteness(board).impact.state).toBe('complete');
		});

		it('asks what was lost when data was lost', () => {
			const board = fullBoard();
			board.impact.dataLost = true;
			expect(sectionCompleteness(board).impact).toMatchObject({ state: 'partial', missing: ['Say what data was lost'] });
			board.impact.dataLostWhat = 'Cart contents for 40 minutes';
			expect(sectionCompleteness(board).impact.state).toBe('complete');
		});

		it('needs the timeline for the duration, but a timeline alone does not start the section', () => {
			const board = fullBoard();
			board.timeline = board.timeline.filter((e) => e.kind !== 'resolution');
			expect(sectionCompleteness(board).impact.state).toBe('partial');
			const onlyTimeline = emptyBoard();
			onlyTimeline.timeline = fullBoard().timeline;
			expect(sectionCompleteness(onlyTimeline).impact.state).toBe('empty');
		});
	});

	describe('root cause (why)', () => {
		const withBecauses = (...becauses: string[]) => {
			const board = fullBoard();
			board.whyChains = [
				{ id: 'c1', problem: 'Checkout 500s', steps: becauses.map((because, i) => ({ id: `s${i}`, why: '?', because })) }
			];
			return board;
		};

		it('needs at least two answered whys', () => {
			const section = sectionCompleteness(withBecauses('The route was missing')).why;
			expect(section).toMatchObject({ state: 'partial', missing: ['No why chain with at least two answered whys'] });
		});

		it('does not accept a chain that ends at a person or at human error', () => {
			for (const last of ['because Bob pushed the wrong config', 'human error', 'the engineer forgot to run the check']) {
				const section = sectionCompleteness(withBecauses('The route was missing', last), ['Bob']).why;
				expect(section.state).toBe('partial');
				expect(section.missing.join(' ')).toMatch(/stops at a person/);
			}
		});

		it('accepts any one good chain among several', () => {
			const board = withBecauses('The route was missing', 'Bob pushed it');
			board.whyChains.push(fullBoard().whyChains[0]);
			expect(sectionCompleteness(board, ['Bob']).why.state).toBe('complete');
		});

		it('is empty with no answers', () => {
			const board = withBecauses('', '  ');
			expect(sectionCompleteness(board).why.state).toBe('empty');
		});
	});

	describe('factors', () => {
		it('needs at least one', () => {
			expect(sectionCompleteness(emptyBoard()).factors.missing).toEqual(['No contributing factors yet']);
			expect(sectionCompleteness(fullBoard()).factors.state).toBe('complete');
		});
	});

	describe('actions', () => {
		it('needs owner, due date and a live factor on each action', () => {
			const board = fullBoard();
			board.actions = [
				action({ id: 'a1', owner: '' }),
				action({ id: 'a2', due: null }),
				action({ id: 'a3', owner: '', factorId: 'gone' }),
				action({ id: 'a4', factorId: null })
			];
			expect(sectionCompleteness(board).actions).toMatchObject({
				state: 'partial',
				missing: [
					'2 actions without an owner',
					'1 action without a due date',
					'2 actions not linked to a contributing factor'
				]
			});
		});

		it('needs every factor covered', () => {
			const board = fullBoard();
			board.factors.push({ id: 'f2', title: 'Alert routed to an old channel', category: 'detection/monitoring', description: '', createdAt: '' });
			expect(sectionCompleteness(board).actions.missing).toEqual(['No action for the factor “Alert routed to an old channel”']);
		});

		it("counts won't do as a decision: no owner or date needed, and the factor is covered", () => {
			const board = fullBoard();
			board.actions = [action({ status: "won't do", owner: '', due: null })];
			expect(sectionCompleteness(board).actions.state).toBe('complete');
		});

		it('does not need a due date on a done action', () => {
			const board = fullBoard();
			board.actions = [action({ status: 'done', due: null })];
			expect(sectionCompleteness(board).actions.state).toBe('complete');
		});

		it('is empty without actions', () => {
			const board = fullBoard();
			board.actions = [];
			expect(sectionCompleteness(board).actions).toMatchObject({ state: 'empty', missing: ['No action items yet'] });
		});
	});

	describe('went well and follow-up', () => {
		it('needs one non-blank thing that went well', () => {
			const board = fullBoard();
			board.wentWell = [{ id: 'w1', text: ' ' }];
			expect(sectionCompleteness(board).wentWell.state).toBe('empty');
		});

		it('needs a follow-up date, not before the incident', () => {
			const board = fullBoard();
			board.followUpDate = null;
			expect(sectionCompleteness(board).followUp).toMatchObject({ state: 'empty', missing: ['No follow-up date set'] });
			board.followUpDate = '2025-12-01';
			expect(sectionCompleteness(board).followUp.state).toBe('partial');
		});
	});
});

describe('overallCompleteness', () => {
	it('counts complete essential sections only', () => {
		const board = fullBoard();
		board.summary = '';
		board.notes = '';
		board.lucky = [];
		expect(overallCompleteness(board)).toEqual({ complete: 8, total: 9 });
	});
});
