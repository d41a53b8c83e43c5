/**
 * Writeups are rendered on a worker thread (X3): rendering a 10 MB board takes a second or
 * more, and on the event loop that would hold up every room on the server. One worker renders
 * one job at a time, in arrival order.
 *
 * - A job still rendering after `deadlineMs` ends the worker and fails with
 *   ExportTimeoutError; the next job gets a fresh worker (so does the next after a crash).
 * - At most `maxWaiting` jobs wait; more fail at once with ExportBusyError. A waiting job
 *   reads its board only when its turn comes, so a flood of export requests cannot pile up
 *   copies of boards in memory.
 */
import { Worker } from 'node:worker_threads';
import type { RenderJob } from './export-render.ts';
import type { RenderAnswer } from './export-worker.ts';


export class ExportTimeoutError extends Error {
	constructor(deadlineMs: number) {
		super(`the export took longer than ${deadlineMs / 1000} s and was stopped`);
		this.name = 'ExportTimeoutError';
	}
}

export class ExportBusyError extends Error {
	constructor() {
		super('too many exports are waiting; try again in a moment');
		this.name = 'ExportBusyError';
	}
}

export interface ExportRendererOptions {
	/** How long one job may render (default 10 s). */
	deadlineMs?: number;
	/** How many jobs may wait behind the one rendering (default 16). */
	maxWaiting?: number;
}

interface Waiting {
	prepare: () => Promise<RenderJob>;
	resolve: (bytes: Uint8Array) => void;
	reject: (error: unknown) => void;
}

const WORKER_URL = new URL('./export-worker.ts', import.meta.url);

export class ExportRenderer {
	readonly #deadlineMs: number;
	readonly #maxWaiting: number;
	readonly #waiting: Waiting[] = [];
	/** The worker, once it said it is ready. */
	#worker: Promise<Worker> | null = null;
	#busy = false;
	#closed = false;

	constructor({ deadlineMs = 10_000, maxWaiting = 16 }: ExportRendererOptions = {}) {
		this.#deadlineMs = deadlineMs;
		this.#maxWaiting = maxWaiting;
	}

	/** Renders the job `prepare` gives when its turn comes; resolves with the writeup as UTF-8. */
	render(prepare: () => Promise<RenderJob>): Promise<Uint8Array> {
		if (this.#closed) return Promise.reject(new Error('the server is shutting down'));
		if (this.#waiting.length >= this.#maxWaiting) return Promise.reject(new ExportBusyError());
		return new Promise((resolve, reject) => {
			this.#waiting.push({ prepare, resolve, reject });
			void this.#next();
		});
	}

	/** Fails the waiting jobs and ends the worker. */
	async close(): Promise<void> {
		this.#closed = true;
		for (const job of this.#waiting.splice(0)) job.reject(new Error('the server is shutting down'));
		const worker = await this.#worker?.catch(() => null);
		if (worker) await this.#stop(worker);
	}

	async #next(): Promise<void> {
		if (this.#busy) return;
		const job = this.#waiting.shift();
		if (!job) return;
		this.#busy = true;
		try {
			job.resolve(await this.#run(await job.prepare()));
		} catch (error) {
			job.reject(error);
		} finally {
			this.#busy = false;
			void this.#next();
		}
	}

	async #run(job: RenderJob): Promise<Uint8Array> {
		if (this.#closed) throw new Error('the server is shutting down');
		const worker = await (this.#worker ??= this.#start());
		return new Promise((resolve, reject) => {
			const settle = () => {
				clearTimeout(timer);
				worker.off('message', onAnswer).off('error', onCrash).off('exit', onExit);
			};
			const fail = (error: unknown) => {
				settle();
				reject(error);
			};
			const onAnswer = (answer: RenderAnswer) => {
				settle();
				if (answer.ok) resolve(answer.bytes);
				else reject(new Error(`rendering the export failed: ${answer.error}`));
			};
			const onCrash = (error: unknown) => {
				fail(error);
				void this.#stop(worker);
			};
			const onExit = () => onCrash(new Error('the export worker stopped'));
			const timer = setTimeout(() => onCrash(new ExportTimeoutError(this.#deadlineMs)), this.#deadlineMs);
			worker.on('message', onAnswer).on('error', onCrash).on('exit', onExit);
			try {
				worker.postMessage(job);
			} catch (error) {
				fail(error);
			}
		});
	}

	#start(): Promise<Worker> {
		const worker = new Worker(WORKER_URL);
		// An idle worker must not keep the process alive.
		worker.unref();
		const ready = new Promise<Worker>((resolve, reject) => {
			// Its first message says it is ready; a job's deadline counts from then, not from start-up.
			worker.once('message', () => resolve(worker));
			worker.once('error', reject);
			worker.once('exit', () => reject(new Error('the export worker did not start')));
		});
		// A worker that failed to start is forgotten: the next job tries again.
		ready.catch(() => (this.#worker = null));
		return ready;
	}

	async #stop(worker: Worker): Promise<void> {
		this.#worker = null;
		await worker.terminate();
	}
}
