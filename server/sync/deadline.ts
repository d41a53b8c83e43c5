/** Storage that does not answer counts as storage that failed (D1 in docs/protocol.md). */

export class DeadlineError extends Error {
	constructor(what: string, ms: number) {
		super(`${what} took longer than ${ms} ms`);
		this.name = 'DeadlineError';
	}
}

/**
 * Resolves or rejects like `promise`, or rejects with DeadlineError after `ms`. The promise
 * itself goes on (a hung Redis may still answer later); its late failure is swallowed here
 * rather than left unhandled.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
		timer.unref?.();
	});
	promise.catch(() => {});
	return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
