/**
 * The facilitation state of a board: its own Yjs document at `/sync/<id>/control`, which
 * only the facilitator can change (the server drops anyone else's updates). Also the
 * facilitator's and participants' calls to the server for notes, votes and links.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { readControl, type ControlState } from '../board/control.ts';
import type { AnonymousNote } from '../board/types.ts';
import { PROTOCOL_VERSION, SYNC_PATH_PREFIX, roomName, type Role } from './protocol/constants.ts';
import { apiPath } from './protocol/http.ts';
import { KeySwitch } from './key-switch.ts';
import { YValue } from './reactive.svelte.ts';

export class ControlConnection {
	readonly boardId: string;
	readonly isFacilitator: boolean;
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly #keySwitch: KeySwitch;
	#key: string;
	readonly #state: YValue<ControlState>;
	#synced = $state(false);

	constructor(boardId: string, key: string, role: Role) {
		this.boardId = boardId;
		this.#key = key;
		this.isFacilitator = role === 'facilitator';
		const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
		this.provider = new WebsocketProvider(`${protocol}//${location.host}${SYNC_PATH_PREFIX.replace(/\/$/, '')}`, roomName(boardId, 'control'), this.doc, {
			params: { key, v: String(PROTOCOL_VERSION) }
		});
		// Presence lives on the board document; this one carries none.
		this.provider.awareness.setLocalState(null);
		this.#state = new YValue(this.doc, () => readControl(this.doc));
		this.provider.on('sync', (synced: boolean) => (this.#synced = synced));
		// The board connection shows why a link stopped working; this one only follows along.
		this.#keySwitch = new KeySwitch(this.provider);
	}

	/** True once the server's copy has been received. */
	get synced(): boolean {
		return this.#synced;
	}

	/** The facilitation state, re-read after every change. */
	get state(): ControlState {
		return this.#state.current;
	}

	submitNote(note: AnonymousNote): Promise<{ pending: number }> {
		return this.#post(apiPath('notes', { boardId: this.boardId }), note);
	}

	revealNotes(): Promise<{ revealed: number }> {
		return this.#post(apiPath('revealNotes', { boardId: this.boardId }), {});
	}

	castBallot(voter: string, round: number, ballot: Record<string, number>): Promise<{ ballots: number }> {
		return this.#post(apiPath('votes', { boardId: this.boardId }), { voter, round, ballot });
	}

	closeVoting(): Promise<{ results: Record<string, number> }> {
		return this.#post(apiPath('closeVoting', { boardId: this.boardId }), {});
	}

	rotateLink(role: Role): Promise<{ role: string; link: string }> {
		return this.#post(apiPath('rotateLink', { boardId: this.boardId, role }), {});
	}

	/** W6: see BoardConnection.beginKeyChange. */
	beginKeyChange(): void {
		this.#keySwitch.begin();
	}

	finishKeyChange(key: string | null): void {
		if (key !== null) this.#key = key;
		this.#keySwitch.finish(key);
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}

	async #post<T>(path: string, body: unknown): Promise<T> {
		const response = await fetch(path, {
			method: 'POST',
			headers: { authorization: `Bearer ${this.#key}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		const answer = (await response.json().catch(() => ({}))) as T & { error?: string };
		if (!response.ok) throw new Error(answer.error ?? `the server answered ${response.status}`);
		return answer;
	}
}

/** A stable, random id for this browser's ballots (one participant link is shared by many). */
export function voterId(): string {
	const key = 'debrief:voter-id';
	let id = localStorage.getItem(key);
	if (!id) {
		id = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(12)))).replace(/[+/=]/g, '');
		localStorage.setItem(key, id);
	}
	return id;
}
