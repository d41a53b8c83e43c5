/**
 * The writeup renderers by format, as the export worker runs them (export-worker.ts). No
 * I/O and no Yjs: a job is the plain export model, so it crosses to the worker as data.
 */
import { renderMarkdown } from '../../src/lib/board/export/markdown.ts';
import { renderHtml } from '../../src/lib/board/export/html.ts';
import { renderJson } from '../../src/lib/board/export/json.ts';
import type { ExportInput, ExportOptions } from '../../src/lib/board/export/model.ts';

export const RENDERERS = { md: renderMarkdown, html: renderHtml, json: renderJson } as const;
export type ExportFormat = keyof typeof RENDERERS;

export interface RenderJob {
	format: ExportFormat;
	input: ExportInput;
	options: ExportOptions;
}

/** The writeup as UTF-8, ready to send (and to transfer from the worker without a copy). */
export function renderToBytes(job: RenderJob): Uint8Array {
	return new TextEncoder().encode(RENDERERS[job.format](job.input, job.options));
}
