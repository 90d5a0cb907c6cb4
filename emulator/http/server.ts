import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Fault, RecordedRequest, ResponseFault, Surface } from '../types';
import type { EmulatorState } from '../state';
import type { Ctx, Reply, Route } from './context';
import { ApiError, renderError } from './errors';
import { parseMultipart } from './multipart';
import { latencyFor } from './latency';
import { LAB_JSON_ERRORS } from '../routes/labReports';

/** Splits a request path into its surface and the path without the surface prefix. */
export function classify(pathname: string): { surface: Surface; path: string } {
	if (pathname === '/api/v2' || pathname.startsWith('/api/v2/'))
		return { surface: 'current', path: pathname.slice(7) || '/' };
	if (pathname === '/v2' || pathname.startsWith('/v2/'))
		return { surface: 'legacy', path: pathname.slice(3) || '/' };
	if (pathname.startsWith('/__emulator/')) return { surface: 'control', path: pathname.slice(11) };
	if (
		pathname === '/widget/session' ||
		pathname === '/widget/api/session' ||
		pathname === '/api/widget/session'
	)
		return { surface: 'widget', path: pathname };
	return { surface: 'other', path: pathname };
}

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
	const want = pattern.split('/');
	const got = path.split('/');
	if (want.length !== got.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < want.length; i++) {
		if (want[i].startsWith(':')) {
			if (!got[i]) return undefined;
			params[want[i].slice(1)] = decodeURIComponent(got[i]);
		} else if (want[i] !== got[i]) return undefined;
	}
	return params;
}

function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [k, v] of search) {
		const prev = out[k];
		out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
	}
	return out;
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers))
		if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
	return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function parseBody(raw: Buffer, contentType: string): { body: unknown; kind: Ctx['bodyKind'] } {
	if (raw.length === 0) return { body: undefined, kind: 'empty' };
	if (/multipart\/form-data/i.test(contentType)) {
		const parsed = parseMultipart(raw, contentType);
		if (parsed) return { body: parsed, kind: 'multipart' };
		return { body: raw.toString('utf8'), kind: 'text' };
	}
	const text = raw.toString('utf8');
	if (/json/i.test(contentType) || (!contentType && /^\s*[[{]/.test(text))) {
		try {
			return { body: JSON.parse(text), kind: 'json' };
		} catch {
			return { body: text, kind: 'json-invalid' };
		}
	}
	return { body: text, kind: 'text' };
}

/** What the request log keeps of a multipart body: field values and file digests, not the bytes. */
function recordedBody(body: unknown, kind: Ctx['bodyKind']): unknown {
	if (kind !== 'multipart') return body;
	const mp = body as { fields: Record<string, string>; files: Array<Record<string, unknown>> };
	return { fields: mp.fields, files: mp.files.map(({ data: _data, ...meta }) => meta) };
}

/** Default body for a status fault without `body`: the route's documented shape for that status. */
function faultReply(
	ctx: Ctx,
	fault: { status: number; body?: unknown; headers?: Record<string, string> },
): Reply {
	const headers = { ...(fault.headers ?? {}) };
	if (fault.body !== undefined) return { status: fault.status, body: fault.body, headers };
	if (fault.status === 207 && ctx.path.startsWith('/workouts/')) {
		return {
			status: 207,
			headers,
			body: {
				message:
					'Some provider-side deletions failed; the template was retained. Retry to complete the cascade.',
			},
		};
	}
	if (fault.status === 207)
		return {
			status: 207,
			headers,
			body: {
				user: ctx.state.users.list[0],
				processed_data: [{ id: 'emulated-log-id', response_code: 500 }],
			},
		};
	if (fault.status === 204) return { status: 204, headers };
	const detail =
		fault.status === 429
			? 'rate limit exceeded'
			: fault.status === 424
				? 'the provider could not complete the request; retry later'
				: `emulated fault (${fault.status})`;
	const rendered = renderError(
		ctx.surface === 'other' ? 'current' : ctx.surface,
		fault.status,
		detail,
		ctx.instance,
		labContentType(ctx.surface, ctx.path, fault.status),
	);
	return { status: fault.status, body: rendered.body, contentType: rendered.contentType, headers };
}

/** Lab-report 403/413 are documented as application/json with a Problem body (not problem+json). */
function labContentType(surface: Surface, path: string, status: number): string | undefined {
	return surface === 'current' && path.startsWith('/lab-reports') && LAB_JSON_ERRORS.has(status)
		? 'application/json'
		: undefined;
}

function faultKind(fault: Fault): NonNullable<RecordedRequest['fault']> {
	const kinds = ['status', 'latencyMs', 'reset', 'processing', 'hang', 'invalidJson', 'shortBody', 'wrongShape'] as const;
	return kinds.find((kind) => kind in fault) ?? 'status';
}

/**
 * The route's answer, broken as the fault says: the bytes to send, the Content-Length to announce, and whether to
 * close the connection after sending them (a body shorter than announced).
 */
export function brokenAnswer(
	reply: Reply,
	fault: ResponseFault,
): { bytes: Buffer; contentLength: number; contentType: string; closeEarly: boolean } {
	const contentType = reply.raw !== undefined ? (reply.contentType ?? 'application/octet-stream') : (reply.contentType ?? 'application/json');
	const body = fault === 'wrongShape' && reply.raw === undefined ? { result: reply.body } : reply.body;
	const full = reply.raw !== undefined ? Buffer.from(reply.raw) : Buffer.from(JSON.stringify(body));
	const half = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
	if (fault === 'invalidJson') return { bytes: half, contentLength: half.length, contentType, closeEarly: false };
	if (fault === 'shortBody') return { bytes: half, contentLength: full.length, contentType, closeEarly: true };
	return { bytes: full, contentLength: full.length, contentType, closeEarly: false };
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ServerHandle {
	server: Server;
	/** Requests currently being handled (close() waits for them). */
	inflight: Set<Promise<void>>;
}

/** The HTTP front: surface split, recording, auth, faults, routing, error rendering. */
export function createEmulatorServer(state: EmulatorState, routes: Route[]): ServerHandle {
	const inflight = new Set<Promise<void>>();
	const server = createServer((req, res) => {
		const p = handle(state, routes, req, res).catch((error) => {
			state.log(`internal error: ${(error as Error).stack}`);
			if (!res.headersSent) {
				res.statusCode = 500;
				res.end();
			}
		});
		inflight.add(p);
		void p.finally(() => inflight.delete(p));
	});
	return { server, inflight };
}

async function handle(
	state: EmulatorState,
	routes: Route[],
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const started = Date.now();
	const rawUrl = req.url ?? '/';
	const parsedUrl = new URL(rawUrl, 'http://emulator.local');
	const { surface, path } = classify(parsedUrl.pathname);
	const method = (req.method ?? 'GET').toUpperCase();
	const headers = lowerHeaders(req);
	const rawBody = await readBody(req);
	const { body, kind } = parseBody(rawBody, headers['content-type'] ?? '');
	const query = parseQuery(parsedUrl.searchParams);
	const record: RecordedRequest = {
		method,
		path,
		surface,
		url: rawUrl,
		query,
		headers,
		body: recordedBody(body, kind),
		rawBody,
		status: 0,
	};
	state.requests.push(record);

	const ctx: Ctx = {
		state,
		req,
		method,
		surface,
		path,
		params: {},
		query,
		headers,
		body,
		rawBody,
		bodyKind: kind,
		reference: randomUUID(),
		instance: path + parsedUrl.search,
	};

	let responseFault: ResponseFault | undefined;
	let statusAfterRoute: Extract<Fault, { status: number }> | undefined;
	const send = (routeReply: Reply) => {
		const reply = statusAfterRoute ? faultReply(ctx, statusAfterRoute) : routeReply;
		record.status = reply.status;
		res.statusCode = reply.status;
		res.setHeader('terra-reference', ctx.reference);
		for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
		const faulted = responseFault && (reply.raw !== undefined || reply.body !== undefined);
		if (faulted) {
			record.fault = responseFault;
			const out = brokenAnswer(reply, responseFault!);
			res.setHeader('content-type', out.contentType);
			res.setHeader('content-length', String(out.contentLength));
			if (out.closeEarly) {
				res.write(out.bytes);
				// Give the partial body time to leave before the socket closes under it.
				setTimeout(() => req.socket.destroy(), 50);
			} else {
				res.end(out.bytes);
			}
		} else if (reply.raw !== undefined) {
			if (reply.contentType) res.setHeader('content-type', reply.contentType);
			res.end(reply.raw);
		} else if (reply.body === undefined || reply.status === 204) {
			res.end();
		} else {
			res.setHeader('content-type', reply.contentType ?? 'application/json');
			res.end(JSON.stringify(reply.body));
		}
		state.log(`${method} ${rawUrl} -> ${reply.status}${faulted ? ` (${responseFault} fault)` : ''} (${Date.now() - started} ms)`);
	};
	const sendError = (error: ApiError) => {
		if (error.body !== undefined)
			return send({ status: error.status, body: error.body, headers: error.headers });
		const rendered = renderError(
			surface === 'other' ? 'current' : surface,
			error.status,
			error.detail,
			ctx.instance,
			labContentType(surface, path, error.status),
		);
		send({
			status: rendered.status,
			body: rendered.body,
			contentType: rendered.contentType,
			headers: error.headers,
		});
	};

	const candidates = routes
		.filter((r) => r.surfaces.includes(surface))
		.map((r) => ({ route: r, params: matchPattern(r.pattern, path) }))
		.filter((m) => m.params);
	const matched = candidates.find((m) => m.route.method === method);

	// Faults apply to the emulated Terra surfaces only, before auth (a flaky gateway fails regardless).
	if (surface !== 'control' && surface !== 'other') {
		const fault = state.faults.take(
			method,
			path,
			(f) => !('processing' in f) || !!matched?.route.dataGet,
			query,
		);
		if (fault) {
			record.fault = faultKind(fault);
			if ('reset' in fault) {
				record.status = 0;
				state.log(`${method} ${rawUrl} -> connection reset (fault)`);
				req.socket.destroy();
				return;
			}
			if ('hang' in fault) {
				// Accepted, never answered: the client's timeout (or the emulator's close) ends it.
				record.status = 0;
				state.log(`${method} ${rawUrl} -> no answer (hang fault)`);
				return;
			}
			if ('latencyMs' in fault) await sleep(fault.latencyMs);
			else if ('processing' in fault) ctx.processingFault = fault.processing;
			else if ('status' in fault && fault.afterRoute) statusAfterRoute = fault;
			else if ('status' in fault) return send(faultReply(ctx, fault));
			else responseFault = faultKind(fault) as ResponseFault;
		}
	}

	if (!matched) {
		if (candidates.length) {
			return sendError(
				new ApiError(405, `method ${method} not allowed`, {
					allow: candidates.map((c) => c.route.method).join(', '),
				}),
			);
		}
		return sendError(new ApiError(404, `no route for ${method} ${path}`));
	}
	ctx.params = matched.params as Record<string, string>;
	// The latency model (latency.ts) holds back every answer of a Terra API route, errors included.
	const held = async (reply: () => void) => {
		const delay = surface === 'control' ? 0 : latencyFor(state.latency, ctx.costDays ?? 0);
		if (delay > 0) await sleep(delay);
		reply();
	};
	try {
		if (matched.route.auth === 'required') {
			const devId = headers['dev-id'];
			const apiKey = headers['x-api-key'];
			if (!devId || !apiKey) throw new ApiError(401, 'dev-id or x-api-key headers are missing');
			if (devId !== state.devId || apiKey !== state.apiKey)
				throw new ApiError(401, 'invalid dev-id or x-api-key');
		}
		const reply = await matched.route.handler(ctx);
		await held(() => send(reply));
	} catch (error) {
		if (error instanceof ApiError) await held(() => sendError(error));
		else throw error;
	}
}
