/**
 * A proxy between the emulator (Terra) and the webhook processor that breaks the network the way Terra re-sends
 * happen in real life, so the emulator's own retry logic produces them:
 * - `loseAcks: n`: the first n attempts of a delivery reach n8n, but n8n's answer is replaced by a 504 (as if the
 *   acknowledgement were lost or too late); Terra retries the same delivery (same trace ID, freshly signed).
 * - `duplicate: true`: every attempt reaches n8n twice at the same moment (a re-send racing the original).
 * It forwards the exact bytes and headers it received and records what n8n answered.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = { loseAcks: number } | { duplicate: true };

export interface Forwarded {
	traceId: string;
	/** n8n's status for each copy forwarded. */
	statuses: number[];
	/** What the proxy told the emulator. */
	answered: number;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export class DeliveryProxy {
	readonly forwarded: Forwarded[] = [];

	private server?: http.Server;

	private readonly attempts = new Map<string, number>();

	constructor(
		private readonly target: string,
		private readonly mode: ProxyMode,
	) {}

	async start(): Promise<string> {
		this.server = http.createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				void this.handle(request, Buffer.concat(chunks)).then(
					(status) => response.writeHead(status).end(),
					(error: unknown) => response.writeHead(502).end(String(error)),
				);
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
	}

	private async forward(request: http.IncomingMessage, body: Buffer): Promise<number> {
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers)) {
			if (!HOP_BY_HOP.has(name) && typeof value === 'string') headers[name] = value;
		}
		const response = await fetch(this.target, { method: 'POST', headers, body, signal: AbortSignal.timeout(120_000) });
		await response.arrayBuffer();
		return response.status;
	}

	private async handle(request: http.IncomingMessage, body: Buffer): Promise<number> {
		const traceId = String(request.headers['x-terra-trace-id'] ?? '');
		const attempt = (this.attempts.get(traceId) ?? 0) + 1;
		this.attempts.set(traceId, attempt);
		let statuses: number[];
		let answered: number;
		if ('duplicate' in this.mode) {
			statuses = await Promise.all([this.forward(request, body), this.forward(request, body)]);
			answered = statuses[0];
		} else {
			statuses = [await this.forward(request, body)];
			answered = attempt <= this.mode.loseAcks ? 504 : statuses[0];
		}
		this.forwarded.push({ traceId, statuses, answered });
		return answered;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}
}
