import { afterEach, describe, expect, it } from 'vitest';
import { fixtureInput } from '../../tests/fixtures/export/board.ts';
import { DEFAULT_OPTIONS } from '../../src/lib/board/export/model.ts';
import { renderMarkdown } from '../../src/lib/board/export/markdown.ts';
import { ExportBusyError, ExportRenderer, ExportTimeoutError } from './export-renderer.ts';
import type { RenderJob } from './export-render.ts';

const renderers: ExportRenderer[] = [];
afterEach(async () => {
	await Promise.all(renderers.splice(0).map((r) => r.close()));
});
const renderer = (options?: ConstructorParameters<typeof ExportRenderer>[0]) => {
	const created = new ExportRenderer(options);
	renderers.push(created);
	return created;
};

const job = (summary = 'Checkout failed'): RenderJob => {
	const input = fixtureInput();
	input.board.summary = summary;
	return { format: 'md', input, options: DEFAULT_OPTIONS };
};
/** A board whose Markdown takes a while to render: a line break after every character. */
const largeJob = (megabytes: number) => job('x\n'.repeat(megabytes * 512 * 1024));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The longest the event loop went without running a 5 ms interval, until `stop` (which waits for one more tick). */
function watchEventLoop(): { stop(): Promise<number> } {
	let last = performance.now();
	let longest = 0;
	let onTick: (() => void) | null = null;
	const timer = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
		onTick?.();
	}, 5);
	return {
		stop: () =>
			new Promise<number>((resolve) => {
				onTick = () => {
					clearInterval(timer);
					resolve(longest);
				};
			})
	};
}

function deferred<T>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

describe('the export worker (X3)', () => {
	it('X3: renders exactly what the renderer gives, as UTF-8', async () => {
		const expected = renderMarkdown(job('Ünïcode — ✓').input);
		expect(text(await renderer().render(async () => job('Ünïcode — ✓')))).toBe(expected);
	});

	it('X3: renders off the event loop: it keeps turning while a large board renders', async () => {
		const exports = renderer();
		await exports.render(async () => job()); // the worker is up
		const board = largeJob(8);
		const loop = watchEventLoop();
		const started = performance.now();
		await exports.render(async () => board);
		const took = performance.now() - started;
		const longestStall = await loop.stop();
		// Rendered here, the loop would stand still for the whole render.
		expect(took).toBeGreaterThan(100);
		expect(longestStall, `render took ${took.toFixed(0)} ms`).toBeLessThan(took / 2);
	});

	it('X3: a job past its deadline fails with ExportTimeoutError, and the next one renders on a fresh worker', async () => {
		const exports = renderer({ deadlineMs: 100 });
		await expect(exports.render(async () => largeJob(32))).rejects.toBeInstanceOf(ExportTimeoutError);
		expect(text(await exports.render(async () => job('after the timeout')))).toContain('after the timeout');
	});

	it('X3: one job renders at a time; a waiting job reads its board only when its turn comes; more than maxWaiting fail at once', async () => {
		const exports = renderer({ maxWaiting: 1 });
		const firstBoard = deferred<RenderJob>();
		let secondRead = false;
		const first = exports.render(() => firstBoard.promise);
		const second = exports.render(async () => {
			secondRead = true;
			return job('second');
		});
		await expect(exports.render(async () => job('third'))).rejects.toBeInstanceOf(ExportBusyError);
		expect(secondRead).toBe(false);
		firstBoard.resolve(job('first'));
		expect(text(await first)).toContain('first');
		expect(text(await second)).toContain('second');
		expect(secondRead).toBe(true);
	});

	it('X3: closing fails the waiting jobs', async () => {
		const exports = renderer();
		const never = deferred<RenderJob>();
		const rendering = exports.render(() => never.promise);
		const waiting = exports.render(async () => job());
		await exports.close();
		await expect(waiting).rejects.toThrow(/shutting down/);
		never.resolve(job());
		await expect(rendering).rejects.toThrow();
	});
});
