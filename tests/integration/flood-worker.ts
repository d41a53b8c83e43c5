/**
 * A flooding client on a thread of its own, so that sending the flood costs the server's event
 * loop nothing and a bystander's latency measures the server alone. workerData: the websocket
 * URL and the frames. Posts 'open', floods on 'start', posts { closed: code } when the server
 * closes the socket and { sent } once everything is handed to the socket.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import WebSocket from 'ws';

const { url, frames } = workerData as { url: string; frames: Uint8Array[] };
const port = parentPort!;
const ws = new WebSocket(url);
let closed = false;
ws.on('open', () => port.postMessage('open'));
ws.on('close', (code) => {
	closed = true;
	port.postMessage({ closed: code });
});
ws.on('error', () => {});
port.on('message', async (message) => {
	if (message !== 'start') return;
	let sent = 0;
	for (; sent < frames.length && !closed; sent++) {
		ws.send(frames[sent]);
		if (sent % 500 === 499) await nextTurn();
	}
	port.postMessage({ sent });
});
