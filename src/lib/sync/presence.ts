/** Who is on the board: display names, colours and the awareness state we publish. */
import type { Awareness } from 'y-protocols/awareness';

export interface PresenceUser {
	name: string;
	color: string;
}

export interface PresenceState {
	user: PresenceUser;
	/** The board section the person is looking at. */
	section?: string;
	/** Whether they follow the facilitator's spotlight. */
	following?: boolean;
	/** Which link they joined with (observers publish no presence at all). */
	role?: 'facilitator' | 'participant' | 'observer';
}

export interface Participant extends PresenceUser {
	clientId: number;
	section: string | null;
	following: boolean;
	role: 'facilitator' | 'participant';
	isMe: boolean;
}

/** Colours with enough contrast against white text and a white page. */
export const PRESENCE_COLORS = ['#b3261e', '#1f6f43', '#1f4b99', '#8a4b00', '#6a3d9a', '#00695c', '#ad1457', '#37474f'];

import { MAX_NAME_LENGTH } from './protocol/limits.ts';
export { MAX_NAME_LENGTH };

export function colorForName(name: string): string {
	let hash = 0;
	for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
	return PRESENCE_COLORS[hash % PRESENCE_COLORS.length];
}

export function cleanDisplayName(raw: string): string {
	return raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

/** Everyone announcing themselves, me first; malformed states from other clients are skipped. */
export function participants(awareness: Awareness): Participant[] {
	const list: Participant[] = [];
	for (const [clientId, state] of awareness.getStates()) {
		const user = (state as Partial<PresenceState>)?.user;
		if (!user || typeof user.name !== 'string' || typeof user.color !== 'string') continue;
		const section = (state as Partial<PresenceState>).section;
		list.push({
			clientId,
			name: cleanDisplayName(user.name) || 'Anonymous',
			color: /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#37474f',
			section: typeof section === 'string' ? section : null,
			following: (state as Partial<PresenceState>).following !== false,
			role: (state as Partial<PresenceState>).role === 'facilitator' ? 'facilitator' : 'participant',
			isMe: clientId === awareness.clientID
		});
	}
	return list.sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name));
}

const NAME_KEY = 'debrief:display-name';

export function rememberedName(): string | null {
	try {
		return localStorage.getItem(NAME_KEY);
	} catch {
		return null;
	}
}

export function rememberName(name: string): void {
	try {
		localStorage.setItem(NAME_KEY, name);
	} catch {
		// Private mode: we simply ask again next time.
	}
}
