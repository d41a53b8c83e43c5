/**
 * The React island: mounts tldraw into one element of the Svelte page and wires it to the
 * board. Loaded with a dynamic import() by CanvasSection only when the canvas comes into view,
 * so the rest of the board never downloads React or tldraw. The only place React is mounted.
 *
 * Keyboard: tldraw handles its own shortcuts (on document.body) while the canvas has focus;
 * Ctrl/Cmd+Z there must undo the canvas only, so a listener on `document` — after tldraw's,
 * before the board's on `window` — stops undo/redo keys from going further. The factor title
 * field inside a card is board text, marked `data-board-undo`, and is left to the board's undo.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import {
	AssetRecordType,
	EmbedShapeUtil,
	Tldraw,
	atom,
	createTLStore,
	getHashForString,
	react,
	UserRecordType,
	type Editor,
	type TLBookmarkAsset,
	type TLUser
} from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import 'tldraw/tldraw.css';
import './canvas.css';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { canvasSchema } from './canvas-schema.ts';
import { CanvasBridge } from './tldraw-bridge.ts';
import { FactorCardSync } from './canvas-factors.ts';
import { canvasUserId, publishCanvasPresence, showRemotePresence } from './canvas-presence.ts';
import type { PresenceUser } from '../sync/presence.ts';
import { FactorCardUtil } from './factor-card.ts';
import { PictureUploader } from './picture.ts';

// Fonts, icons and translations come from Debrief's own build, never from tldraw's CDN.
const assetUrls = getAssetUrlsByImport();

export type CanvasProblem = 'incompatible' | 'licence-invalid';

export interface CanvasMountOptions {
	doc: Y.Doc;
	awareness: Awareness;
	boardId: string;
	/** The link's current secret (it changes when this screen replaces its link), for uploading the picture. */
	secret: () => string;
	/** Observers: tldraw's read-only mode, and nothing is ever written. */
	readOnly: boolean;
	/** A facilitator's lock on the section: read-only until unlocked. */
	locked: boolean;
	/** Null for observers, who are not shown to others. */
	user: PresenceUser | null;
	licenseKey: string | null;
	onProblem(problem: CanvasProblem): void;
}

export interface CanvasHandle {
	/** A new factor card (and factor) in the middle of the view, its title ready to type. */
	addFactorCard(): void;
	setVotes(votes: Record<string, number> | null): void;
	setLocked(locked: boolean): void;
	/** This screen's copy has synced with the server (again): stored records and cards may be brought up to date. */
	setSynced(synced: boolean): void;
	destroy(): void;
}

const isUndoRedo = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey && (e.key.toLowerCase() === 'z' || e.key.toLowerCase() === 'y');

export function mountCanvas(host: HTMLElement, options: CanvasMountOptions): CanvasHandle {
	const { doc, awareness, readOnly } = options;
	let locked = options.locked;
	let incompatible = false;
	const warn = (message: string, detail?: unknown) => console.warn(`[canvas] ${message}`, detail ?? '');

	const $user = atom<TLUser | null>(
		'debrief user',
		options.user ? UserRecordType.create({ id: canvasUserId(awareness.clientID), name: options.user.name, color: options.user.color }) : null
	);
	let editor: Editor | null = null;
	const cards = new FactorCardSync(doc, { readOnly });
	const store = createTLStore({ schema: canvasSchema, users: { currentUser: $user } });
	// B2: the bridge listens from here on, before the editor exists and before the first sync.
	const bridge = new CanvasBridge(store, doc, {
		readOnly,
		afterLocalChange: (changes) => cards.afterLocalChange(changes),
		onIncompatible: () => {
			incompatible = true;
			editor?.updateInstanceState({ isReadonly: true });
			options.onProblem('incompatible');
		},
		warn
	});
	incompatible = !bridge.compatible;
	if (incompatible) queueMicrotask(() => options.onProblem('incompatible'));

	const applyReadOnly = () => editor?.updateInstanceState({ isReadonly: readOnly || locked || incompatible });

	const onMount = (mounted: Editor) => {
		editor = mounted;
		const cleanups: Array<() => void> = [];
		applyReadOnly();
		cards.attach(mounted, () => bridge.flush());
		// A pasted link becomes a bookmark without fetching the page: nothing leaves for other hosts.
		mounted.registerExternalAssetHandler('url', async ({ url }) => {
			const asset: TLBookmarkAsset = AssetRecordType.create({
				id: AssetRecordType.createId(getHashForString(url)),
				type: 'bookmark',
				props: { src: url, title: url, description: '', image: '', favicon: '' },
				meta: {}
			}) as TLBookmarkAsset;
			return asset;
		});
		cleanups.push(publishCanvasPresence(store, awareness, $user), showRemotePresence(store, awareness));
		if (!readOnly) {
			const picture = new PictureUploader({ editor: mounted, awareness, boardId: options.boardId, secret: options.secret, warn });
			const stopStore = store.listen(() => picture.changed(), { scope: 'document' });
			const stopInfo = react('canvas picture: factors', () => {
				cards.info.get();
				picture.changed();
			});
			cleanups.push(stopStore, stopInfo, () => picture.destroy());
		}
		cleanups.push(manageFocus(host, mounted));
		// Runs when tldraw unmounts the editor (root.unmount() below).
		return () => {
			for (const cleanup of cleanups.reverse()) cleanup();
			editor = null;
		};
	};

	const root = createRoot(host);
	root.render(
		createElement(Tldraw, {
			store,
			// No embeds: a pasted YouTube or Figma link would load a third party into the board.
			shapeUtils: [FactorCardUtil.configure({ cards }), EmbedShapeUtil.configure({ embedDefinitions: [] })],
			licenseKey: options.licenseKey ?? undefined,
			assetUrls,
			autoFocus: false,
			colorScheme: 'light',
			// One page: the writeup's picture is that page.
			options: { maxPages: 1 },
			// Images live inside the board document: keep them small.
			maxAssetSize: 256 * 1024,
			maxImageDimension: 1600,
			onMount
		})
	);

	// tldraw hides an unlicensed editor on production hosts; say why instead of showing nothing.
	const gate = new MutationObserver(() => {
		if (host.querySelector('[data-testid="tl-license-expired"]')) options.onProblem('licence-invalid');
	});
	gate.observe(host, { childList: true, subtree: true });

	return {
		addFactorCard: () => void cards.addCard(),
		setVotes: (votes) => cards.setVotes(votes),
		setSynced(synced) {
			if (synced) bridge.upgrade();
			cards.setSynced(synced);
		},
		setLocked(value) {
			locked = value;
			applyReadOnly();
			if (!value) cards.reconcileSoon();
		},
		destroy() {
			gate.disconnect();
			// Pending local changes are written first, while the factor cards can still follow them.
			bridge.destroy();
			cards.destroy();
			root.unmount();
			store.dispose();
		}
	};
}

/**
 * The editor takes keys and wheel gestures only while the canvas is being used: focused by a
 * pointer or focus inside it, blurred by one outside. (The board page scrolls; tldraw expects
 * to own its window, hence the re-measuring on pointer down.) Undo/redo pressed inside it stops at
 * `document`, so the board's own undo (on `window`) does not also run.
 */
function manageFocus(host: HTMLElement, editor: Editor): () => void {
	const inside = (target: EventTarget | null) => target instanceof Node && host.contains(target);
	const onPointerDown = (e: PointerEvent) => {
		if (inside(e.target)) {
			// tldraw re-measures its place on the page at most every 200 ms after a scroll; a click
			// right after scrolling the board would land beside its target.
			editor.updateViewportScreenBounds(editor.getContainer());
			// Take DOM focus too (tldraw prevents the default focus change on the canvas), so keys
			// stop going to the board field that had it — except for fields inside the canvas.
			const field = (e.target as Element).closest?.('input, textarea, select, [contenteditable="true"]');
			editor.focus({ focusContainer: !field && !host.contains(document.activeElement) });
		} else if (editor.getIsFocused()) editor.blur({ blurContainer: false });
	};
	const onFocusIn = (e: FocusEvent) => {
		if (inside(e.target)) editor.focus({ focusContainer: false });
		else if (editor.getIsFocused()) editor.blur({ blurContainer: false });
	};
	const onKeyDown = (e: KeyboardEvent) => {
		if (!isUndoRedo(e) || !editor.getIsFocused()) return;
		const target = e.target as Element | null;
		const inCanvas = inside(target) || target === document.body;
		if (inCanvas && !target?.closest?.('[data-board-undo]')) e.stopPropagation();
	};
	document.addEventListener('pointerdown', onPointerDown, true);
	document.addEventListener('focusin', onFocusIn);
	document.addEventListener('keydown', onKeyDown);
	return () => {
		document.removeEventListener('pointerdown', onPointerDown, true);
		document.removeEventListener('focusin', onFocusIn);
		document.removeEventListener('keydown', onKeyDown);
	};
}
