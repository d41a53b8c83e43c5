import { findBlame } from './blame/blame.ts';
import { SECTION_OF, targetKey, type GuidanceFlag, type GuidanceTarget } from './flags.ts';


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

