/** A value that does not fit the board's schema; nothing was written. */
export class InvalidBoardValueError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InvalidBoardValueError';
	}
}
