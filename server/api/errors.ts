/**
 * What the API answers for each kind of error, in one table. Anything not listed is a bug:
 * answered 500 and logged as an error. Only storage that failed or did not answer in time and
 * exports that could not be rendered now are 503 ("try again").
 */
import { InvalidInputError } from '../../src/lib/board/errors.ts';
import { StorageUnavailableError } from '../persistence/unavailable.ts';
import { DeadlineError } from '../sync/deadline.ts';
import { ExportBusyError, ExportTimeoutError } from '../services/export-renderer.ts';
import { HttpError } from './http-util.ts';

export interface ErrorAnswer {
	status: number;
	message: string;
	/** Whether the error is one the API expects (logged as a warning at most); false for bugs. */
	expected: boolean;
}

type ErrorClass = abstract new (...args: never[]) => Error;

const STORAGE_UNAVAILABLE = 'storage unavailable, try again';

/** First match wins: subclasses before their parents. */
const ANSWERS: Array<[ErrorClass, (error: Error) => Omit<ErrorAnswer, 'expected'>]> = [
	[HttpError, (error) => ({ status: (error as HttpError).status, message: error.message })],
	[InvalidInputError, (error) => ({ status: 400, message: error.message })],
	[StorageUnavailableError, () => ({ status: 503, message: STORAGE_UNAVAILABLE })],
	[DeadlineError, () => ({ status: 503, message: STORAGE_UNAVAILABLE })],
	[ExportTimeoutError, (error) => ({ status: 503, message: error.message })],
	[ExportBusyError, (error) => ({ status: 503, message: error.message })]
];

export function errorAnswer(error: unknown): ErrorAnswer {
	for (const [kind, answer] of ANSWERS) if (error instanceof kind) return { ...answer(error), expected: true };
	return { status: 500, message: 'internal error', expected: false };
}
