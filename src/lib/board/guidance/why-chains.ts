import { findBlame, leadingPerson } from './blame/blame.ts';
import { flag, type GuidanceFlag, type GuidanceTarget } from './flags.ts';
import type { WhyChain } from '../types.ts';


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

