/**
 * The architecture as a test: the import graph of src/ and server/ has no cycle, a lower
 * layer never imports a higher one, and tldraw and React stay in the canvas island
 * (STYLE.md's layout). A failure lists what it found.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string, withTests = false): string[] {
	return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path, withTests);
		return /\.(ts|svelte)$/.test(entry.name) && (withTests || !/\.(spec|test)\.ts$/.test(entry.name)) ? [path] : [];
	});
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * Repo-relative files a file imports (only this project's files), and its bare package imports;
 * with `dynamic`, `import('…')` expressions count too.
 */
function importsOf(file: string, dynamic = false): { local: string[]; packages: string[] } {
	const text = readFileSync(join(root, file), 'utf8');
	const local: string[] = [];
	const packages: string[] = [];
	for (const [, spec] of [...text.matchAll(IMPORT), ...(dynamic ? text.matchAll(DYNAMIC_IMPORT) : [])]) {
		if (spec.startsWith('$lib/')) local.push(withExtension(join('src/lib', spec.slice(5))));
		else if (spec.startsWith('.')) local.push(withExtension(relative(root, resolve(root, dirname(file), spec))));
		else packages.push(spec);
	}
	return { local, packages };
}

const files = [...sourceFiles('src'), ...sourceFiles('server')];
const known = new Set(files);
function withExtension(path: string): string {
	for (const candidate of [path, `${path}.ts`, `${path}.svelte`, join(path, 'index.ts')]) if (known.has(candidate)) return candidate;
	return path;
}
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** The server's layers, lowest first; a file may import its own layer or a lower one. */
/** React exists only inside the canvas island (STYLE.md, habit 9), and one component enters it. */
const CANVAS_ISLAND = 'src/lib/canvas/';
const CANVAS_HOST = 'src/lib/components/canvas/CanvasSection.svelte';
const CANVAS_PACKAGE = /^(?:tldraw|react|react-dom|@tldraw\/[^/]+)(?:\/|$)/;

const SERVER_LAYERS = ['server/persistence/', 'server/limits/', 'server/sync/', 'server/services/', 'server/api/'];
const serverLayer = (file: string) => SERVER_LAYERS.findIndex((prefix) => file.startsWith(prefix));

describe('the import graph', () => {
	it('has no cycle', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'visiting' | 'done'>();
		const visit = (file: string, path: string[]) => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'visiting') {
				cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
				return;
			}
			state.set(file, 'visiting');
			for (const next of graph.get(file)?.local ?? []) if (graph.has(next)) visit(next, [...path, file]);
			state.set(file, 'done');
		};
		for (const file of files) visit(file, []);
		expect(cycles).toEqual([]);
	});

	it('never imports a higher server layer from a lower one', () => {
		const wrong: string[] = [];
		for (const [file, { local }] of graph) {
			const mine = serverLayer(file);
			if (mine < 0) continue;
			for (const target of local) {
				const theirs = serverLayer(target);
				if (theirs > mine) wrong.push(`${file} → ${target}`);
				else if (theirs < 0 && target.startsWith('server/') && !/^server\/(log|config)\.ts$/.test(target)) wrong.push(`${file} → ${target}`);
			}
		}
		expect(wrong).toEqual([]);
	});

	it('keeps the browser code free of the server, and the board free of Svelte, the browser and I/O', () => {
		const wrong: string[] = [];
		for (const [file, { local, packages }] of graph) {
			if (!file.startsWith('src/')) continue;
			// src/lib/server is SvelteKit's server-only folder: the one bridge to the Node server's context.
			if (!file.startsWith('src/lib/server/')) for (const target of local) if (target.startsWith('server/')) wrong.push(`${file} → ${target}`);
			if (file.startsWith('src/lib/board/')) {
				for (const target of local) if (!target.startsWith('src/lib/board/') && !target.startsWith('src/lib/sync/protocol/')) wrong.push(`${file} → ${target}`);
				for (const name of packages) if (/^(svelte|\$app|node:|tldraw|react)/.test(name)) wrong.push(`${file} → ${name}`);
			}
			if (file.startsWith('src/lib/sync/protocol/')) for (const target of local) if (!target.startsWith('src/lib/sync/protocol/')) wrong.push(`${file} → ${target}`);
		}
		expect(wrong).toEqual([]);
	});

	it('keeps tldraw and React inside src/lib/canvas/, which only CanvasSection.svelte imports (tests included)', () => {
		const wrong: string[] = [];
		for (const file of [...sourceFiles('src', true), ...sourceFiles('server', true)]) {
			if (file.startsWith(CANVAS_ISLAND)) continue;
			const { local, packages } = importsOf(file, true);
			for (const name of packages) if (CANVAS_PACKAGE.test(name)) wrong.push(`${file} → ${name}`);
			if (file !== CANVAS_HOST) for (const target of local) if (target.startsWith(CANVAS_ISLAND)) wrong.push(`${file} → ${target}`);
		}
		expect(wrong).toEqual([]);
	});
});
