/**
 * L10: the address a request comes from, for every per-address limit (the websocket upgrade
 * and the HTTP API use this one function). X-Forwarded-For is read only when the operator says
 * how many proxies in front of Debrief append to it (TRUST_PROXY); otherwise anyone could claim
 * any address and escape every limit.
 */
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

export type RequestLike = Pick<IncomingMessage, 'headers'> & { socket: { remoteAddress?: string } };

/**
 * With `trustedProxies` = N, the address N hops before the socket's peer: each trusted proxy
 * appends the address it received the request from, so the last N entries are theirs to vouch
 * for and anything before them may be forged by the client.
 */
export function clientAddress(req: RequestLike, trustedProxies: number): string {
	const peer = normalise(req.socket.remoteAddress ?? '');
	if (trustedProxies === 0) return peer;
	const header = req.headers['x-forwarded-for'];
	const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
	const chain = [...forwarded, peer];
	const candidate = normalise(chain[Math.max(0, chain.length - 1 - trustedProxies)]);
	return isIP(candidate) ? candidate : peer;
}

/**
 * The key limits count under: IPv4 as is, IPv6 by its /64 network, since one household or host
 * is handed a whole /64 and could otherwise step through addresses to reset every counter.
 */
export function limitKey(address: string): string {
	if (isIP(address) !== 6) return address;
	const [head, tail = ''] = address.split('::');
	const groups = head ? head.split(':') : [];
	const tailGroups = tail ? tail.split(':') : [];
	const full = address.includes('::') ? [...groups, ...Array(8 - groups.length - tailGroups.length).fill('0'), ...tailGroups] : groups;
	return `${full
		.slice(0, 4)
		.map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) is 1.2.3.4. */
function normalise(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	return mapped ? mapped[1] : address;
}
