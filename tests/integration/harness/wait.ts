/**
 * Waiting and cleanup: every wait is on a condition or an event with a deadline, never a
 * fixed sleep; every resource a test opens is registered for `runCleanups`.
 */



// Cleanup: every resource a test opens is registered here; each file runs `runCleanups`
// in afterEach, newest first, so a failing test leaves no server, socket or key behind.

const cleanups: Array<() => unknown> = [];

export function onCleanup(fn: () => unknown): void {
	cleanups.push(fn);
}

export async function runCleanups(): Promise<void> {
	const errors: unknown[] = [];
	while (cleanups.length > 0) {
		const fn = cleanups.pop()!;
		try {
			await fn();
		} catch (error) {
			errors.push(error);
		}
	}
	if (errors.length > 0) throw new AggregateError(errors, 'cleanup failed');
}


// Waiting.

export async function waitFor<T>(
	condition: () => T | Promise<T>,
	what: string,
	{ timeoutMs = 5000, intervalMs = 10 }: { timeoutMs?: number; intervalMs?: number } = {}
): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown = null;
	for (;;) {
		try {
			const value = await condition();
			if (value) return value as NonNullable<T>;
			lastError = null;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** Rejects after `timeoutMs` with a message naming what was awaited. */
export function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
