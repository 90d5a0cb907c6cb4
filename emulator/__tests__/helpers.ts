/** Shared test helpers: HTTP calls against the emulator and a local webhook receiver. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { TerraEmulator } from '..';

export interface CallResult {
	status: number;
	headers: Record<string, string>;
	contentType: string;
	raw: string;
	body: unknown;
}

export interface CallOptions {
	body?: unknown;
	/** Raw body (e.g. multipart) with its content type. */
	rawBody?: Buffer;
	contentType?: string;
	/** false = send no Terra credentials; an object = these headers instead. */
	auth?: false | Record<string, string>;
	headers?: Record<string, string>;
}

export function authHeaders(emu: TerraEmulator): Record<string, string> {
	return { 'dev-id': emu.devId, 'x-api-key': emu.apiKey };
}

/** Calls the emulator. `base` is emu.baseUrl, emu.legacyBaseUrl or emu.url. */
export async function call(
	emu: TerraEmulator,
	base: string,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<CallResult> {
	const headers: Record<string, string> = {
		...(options.auth === false ? {} : (options.auth ?? authHeaders(emu))),
		...(options.headers ?? {}),
	};
	let body: string | Buffer | undefined;
	if (options.rawBody) {
		body = options.rawBody;
		if (options.contentType) headers['content-type'] = options.contentType;
	} else if (options.body !== undefined) {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['content-type'] = options.contentType ?? 'application/json';
	}
	const res = await request(base + path, { method: method as 'GET', headers, body });
	const raw = await res.body.text();
	const flat: Record<string, string> = {};
	for (const [k, v] of Object.entries(res.headers))
		if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : String(v);
	let parsed: unknown = raw;
	try {
		parsed = raw ? JSON.parse(raw) : undefined;
	} catch {
		// not JSON
	}
	return {
		status: res.statusCode,
		headers: flat,
		contentType: (flat['content-type'] ?? '').split(';')[0].trim(),
		raw,
		body: parsed,
	};
}

export interface ReceivedWebhook {
	headers: IncomingHttpHeaders;
	rawBody: string;
	body: Record<string, unknown>;
	receivedAt: number;
}

export interface Receiver {
	url: string;
	received: ReceivedWebhook[];
	/** Status to answer with for the next calls (FIFO); then 200. */
	respondWith: number[];
	close(): Promise<void>;
}

/** A local webhook destination recording raw bodies (what signatures cover). */
export async function startReceiver(): Promise<Receiver> {
	const received: ReceivedWebhook[] = [];
	const respondWith: number[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body: Record<string, unknown> = {};
			try {
				body = JSON.parse(rawBody);
			} catch {
				// keep {}
			}
			received.push({ headers: req.headers, rawBody, body, receivedAt: Date.now() });
			res.statusCode = respondWith.shift() ?? 200;
			res.end(res.statusCode < 300 ? 'ok' : 'nope');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/terra-webhook`,
		received,
		respondWith,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Multipart body with one file field (and optional text fields). */
export function multipart(
	file: { field?: string; filename: string; contentType: string; data: Buffer },
	fields: Record<string, string> = {},
): { body: Buffer; contentType: string } {
	const boundary = `----terra-emulator-test-${Math.random().toString(16).slice(2)}`;
	const parts: Buffer[] = [];
	for (const [k, v] of Object.entries(fields))
		parts.push(
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
		);
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
		),
	);
	parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
