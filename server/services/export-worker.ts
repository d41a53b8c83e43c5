/** The export worker's entry (X3): renders one writeup per message, off the event loop every room shares. */
import { parentPort } from 'node:worker_threads';
import { renderToBytes, type RenderJob } from './export-render.ts';

export type RenderAnswer = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

parentPort?.on('message', (job: RenderJob) => {
	let answer: RenderAnswer;
	try {
		answer = { ok: true, bytes: renderToBytes(job) };
	} catch (error) {
		answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
	}
	parentPort!.postMessage(answer, answer.ok ? [answer.bytes.buffer as ArrayBuffer] : []);
});
// The first message says the worker is ready: a job's deadline counts from then, not from start-up.
parentPort?.postMessage('ready');
