const BRAND = Symbol.for('debrief.invalid-input');

/**
 * Input that does not fit the board's schema or the API's rules (a field, an export file, a
 * picture); nothing was written. The one error class for "the request was wrong": the API
 * answers it with 400 and its message. SvelteKit's build bundles its own copy of this module,
 * so `instanceof` checks a global brand rather than the class identity.
 */
export class InvalidInputError extends Error {
	readonly [BRAND] = true;
	constructor(message: string) {
		super(message);
		this.name = 'InvalidInputError';
	}

	static [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
	}
}
