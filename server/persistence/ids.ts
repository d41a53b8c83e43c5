/**
 * Board ids and document names end up in file paths and Redis keys, so every backend
 * accepts only this conservative alphabet: no separators, dots or key delimiters.
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function assertValidBoardId(id: string): void {
	if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
		throw new Error(`invalid board id ${JSON.stringify(id)}: expected 1-64 characters of [A-Za-z0-9_-]`);
	}
}

export function assertValidDocName(name: string): void {
	if (typeof name !== 'string' || !ID_PATTERN.test(name)) {
		throw new Error(`invalid document name ${JSON.stringify(name)}: expected 1-64 characters of [A-Za-z0-9_-]`);
	}
}

/** `count` for replacePrefix: anything else is a programming error, not a lost race. */
export function assertValidCount(count: number): void {
	if (!Number.isSafeInteger(count) || count < 0) {
		throw new Error(`invalid prefix length ${count}: expected a non-negative integer`);
	}
}
