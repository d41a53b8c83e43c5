/**
 * Telling a storage failure from a bug. The stores' clients throw whatever they throw (a
 * Redis socket error, an fs error); callers that answer people (the API) need to know that a
 * failure came from storage, so it can say "try again" (503) rather than "our fault" (500).
 */
import { BoardExistsError, CorruptDocumentError, type BoardStore } from './store.ts';

export class StorageUnavailableError extends Error {
	constructor(cause: unknown) {
		super(`storage failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
		this.name = 'StorageUnavailableError';
	}
}

/** Errors a store throws on purpose; they keep their meaning. */
const MEANINGFUL = [BoardExistsError, CorruptDocumentError, StorageUnavailableError];

function tagged(error: unknown): unknown {
	return MEANINGFUL.some((kind) => error instanceof kind) ? error : new StorageUnavailableError(error);
}

/** The same store, whose failures reject with StorageUnavailableError (the cause kept). */
export function failuresTagged(store: BoardStore): BoardStore {
	return new Proxy(store, {
		get(target, property, receiver) {
			const value: unknown = Reflect.get(target, property, receiver);
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => {
				try {
					const result: unknown = value.apply(target, args);
					return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(tagged(error))) : result;
				} catch (error) {
					throw tagged(error);
				}
			};
		}
	});
}
