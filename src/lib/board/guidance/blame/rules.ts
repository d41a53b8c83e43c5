/** The kinds of blame language findBlame reports, and what each note says about it. */
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

export const ADVICE: Record<BlameRule, { message: string; suggestion: string }> = {
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
