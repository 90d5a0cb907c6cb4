/**
 * Webhook side: signed deliveries verified with an independent HMAC (node:crypto here, not the emulator's
 * signer), Terra's headers, the large-request sequence, auth/deauth lifecycle events, retries with
 * shortened backoff, Ping (s3_payload) mode, and the send-event variants that must NOT verify.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { request } from 'undici';
import { startEmulator, sendEvent, TERRA_EVENT_TYPES, type TerraEmulator } from '..';
import { chunkDays, isLargeRange } from '../webhooks/flows';
import { daysInRange, parseTerraDate } from '../util/time';
import { call, startReceiver, type ReceivedWebhook, type Receiver } from './helpers';

const SECRET = 'whsec_independent_test_secret';

/** Independent Terra signature check: any v1 over "t.rawBody", constant-time compare, 300 s tolerance. */
function verify(
	header: string | undefined,
	rawBody: string,
	secret: string,
	toleranceS = 300,
): boolean {
	if (!header) return false;
	const parts = header.split(',').map((p) => p.trim());
	let t: string | undefined;
	const v1: string[] = [];
	for (const part of parts) {
		const i = part.indexOf('=');
		if (i < 0) continue;
		const k = part.slice(0, i);
		const v = part.slice(i + 1);
		if (k === 't') t = v;
		if (k === 'v1') v1.push(v);
	}
	if (!t || !/^\d+$/.test(t) || v1.length === 0) return false;
	if (Math.abs(Math.floor(Date.now() / 1000) - Number(t)) > toleranceS) return false;
	const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`, 'utf8').digest();
	return v1.some((sig) => {
		const got = Buffer.from(sig, 'hex');
		return got.length === expected.length && timingSafeEqual(got, expected);
	});
}

function expectSignedByTerra(w: ReceivedWebhook, secret = SECRET): void {
	expect(w.headers['terra-signature']).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
	expect(w.headers['x-terra-signature']).toBe(w.headers['terra-signature']);
	expect(verify(String(w.headers['x-terra-signature']), w.rawBody, secret)).toBe(true);
	expect(w.headers['content-type']).toBe('application/json');
	expect(w.headers['terra-reference']).toEqual(expect.any(String));
	expect(w.headers['x-terra-trace-id']).toEqual(expect.any(String));
	const ordering = Number(w.headers['x-terra-ordering-timestamp']);
	expect(Math.abs(ordering - Date.now())).toBeLessThan(60_000); // unix milliseconds
}

describe('webhook deliveries', () => {
	let emu: TerraEmulator;
	let receiver: Receiver;
	let userId: string;

	beforeAll(async () => {
		receiver = await startReceiver();
		emu = await startEmulator({
			webhookUrl: receiver.url,
			signingSecret: SECRET,
			largeRequestDays: 3,
			webhookRetry: { baseDelayMs: 40, maxDelayMs: 200, maxAttempts: 4 },
		});
		userId = emu.users[0].user_id;
	});
	afterAll(async () => {
		await emu.close();
		await receiver.close();
	});
	beforeEach(() => {
		receiver.received.length = 0;
		receiver.respondWith.length = 0;
	});

	const until = (
		n: number,
		predicate: (w: ReceivedWebhook) => boolean = () => true,
		timeoutMs = 5000,
	) =>
		new Promise<ReceivedWebhook[]>((resolve, reject) => {
			const started = Date.now();
			const tick = () => {
				const hits = receiver.received.filter(predicate);
				if (hits.length >= n) return resolve(hits);
				if (Date.now() - started > timeoutMs)
					return reject(
						new Error(
							`expected ${n} webhooks, got ${receiver.received.map((w) => w.body.type).join(', ')}`,
						),
					);
				setTimeout(tick, 10);
			};
			tick();
		});

	test('to_webhook=true (the default): acknowledgement, then one signed data event sharing the reference', async () => {
		const ack = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/activity?user_id=${userId}&start_date=2026-06-01&end_date=2026-06-03`,
		);
		const body = ack.body as Record<string, unknown>;
		expect(body).toEqual({
			status: 'success',
			type: 'activity',
			reference: ack.headers['terra-reference'],
			trace_id: ack.headers['terra-reference'],
			user: expect.objectContaining({ user_id: userId }),
		});
		const [w] = await until(1);
		expectSignedByTerra(w);
		expect(w.headers['terra-reference']).toBe(body.reference);
		expect(w.headers['x-terra-trace-id']).toBe(body.reference);
		expect(w.body).toEqual({
			type: 'activity',
			version: '2022-03-16',
			user: expect.objectContaining({ user_id: userId }),
			data: expect.any(Array),
		});
		const sync = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/activity?user_id=${userId}&start_date=2026-06-01&end_date=2026-06-03&to_webhook=false`,
		);
		expect(w.body.data).toEqual((sync.body as { data: unknown }).data);
	});

	test('large request: ack with message -> large_request_processing -> large_request_sending(expected_payloads) -> N chunks', async () => {
		const ack = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/daily?user_id=${userId}&start_date=2026-06-01&end_date=2026-06-08`,
		);
		const reference = (ack.body as Record<string, string>).reference;
		expect((ack.body as Record<string, string>).message).toMatch(/chunks/);
		const all = await until(5);
		expect(all.map((w) => w.body.type)).toEqual([
			'large_request_processing',
			'large_request_sending',
			'daily',
			'daily',
			'daily',
		]);
		for (const w of all) {
			expectSignedByTerra(w);
			expect(w.headers['terra-reference']).toBe(reference);
		}
		expect(all[0].body).toEqual(
			expect.objectContaining({
				status: 'processing',
				reference,
				user: expect.objectContaining({ user_id: userId }),
			}),
		);
		expect(all[1].body).toEqual(expect.objectContaining({ reference, expected_payloads: 3 }));
		expect(all.slice(2).map((w) => w.headers['x-terra-trace-id'])).toEqual(
			[1, 2, 3].map((n) => `${reference}:chunk:${n}`),
		);
		expect(all.slice(2).map((w) => (w.body.data as unknown[]).length)).toEqual([3, 3, 1]);
		const traceIds = all.map((w) => w.headers['x-terra-trace-id']);
		expect(new Set(traceIds).size).toBe(traceIds.length);
	});

	test('default "large" rule: more than one calendar month, chunked per month', () => {
		const days = (a: string, b: string) => daysInRange(parseTerraDate(a)!, parseTerraDate(b)!);
		expect(isLargeRange(days('2026-12-01', '2027-01-01'))).toBe(false); // Dec 1-31: never split
		expect(isLargeRange(days('2026-01-20', '2026-02-10'))).toBe(false);
		expect(isLargeRange(days('2026-01-15', '2026-03-01'))).toBe(true);
		expect(chunkDays(days('2026-01-15', '2026-03-03')).map((c) => [c[0], c.length])).toEqual([
			['2026-01-15', 17],
			['2026-02-01', 28],
			['2026-03-01', 2],
		]);
	});

	test('auth completion (authenticateUser link), re-auth (user_reauth + auth), widget flow, cancellation, deauth', async () => {
		// New reference: a single auth event.
		let res = await call(emu, emu.baseUrl, 'POST', '/auth/authenticateUser?resource=FITBIT', {
			body: { reference_id: 'new-person', auth_success_redirect_url: 'https://app.example/ok' },
		});
		const { user_id: newId, auth_url: authUrl } = res.body as { user_id: string; auth_url: string };
		expect(authUrl.startsWith(`${emu.url}/__emulator/connect/`)).toBe(true);
		const opened = await request(authUrl);
		expect(opened.statusCode).toBe(302);
		expect(opened.headers.location).toBe(
			`https://app.example/ok?user_id=${newId}&reference_id=new-person&resource=FITBIT`,
		);
		await opened.body.dump();
		const [auth] = await until(1, (w) => w.body.type === 'auth');
		expectSignedByTerra(auth);
		expect(auth.body).toEqual(
			expect.objectContaining({
				status: 'success',
				reference_id: 'new-person',
				user: expect.objectContaining({
					user_id: newId,
					provider: 'FITBIT',
					reference_id: 'new-person',
					active: true,
				}),
			}),
		);
		expect(emu.users.some((u) => u.user_id === newId)).toBe(true);

		// Same reference + provider again: the old user is replaced (user_reauth) and auth fires.
		receiver.received.length = 0;
		res = await call(emu, emu.legacyBaseUrl, 'POST', '/auth/authenticateUser?resource=FITBIT', {
			body: { reference_id: 'new-person' },
		});
		const second = res.body as { user_id: string; auth_url: string };
		const completed = await request(second.auth_url);
		expect(await completed.body.json()).toEqual({
			status: 'success',
			user_id: second.user_id,
			reference_id: 'new-person',
			provider: 'FITBIT',
		});
		const [reauth, auth2] = await until(2);
		expect(reauth.body).toEqual(
			expect.objectContaining({
				type: 'user_reauth',
				status: 'warning',
				old_user: expect.objectContaining({ user_id: newId }),
				new_user: expect.objectContaining({ user_id: second.user_id }),
			}),
		);
		expect(auth2.body.type).toBe('auth');
		expect(emu.users.some((u) => u.user_id === newId)).toBe(false);

		// Widget session: pick a provider on the hosted page.
		receiver.received.length = 0;
		res = await call(emu, emu.url, 'POST', '/widget/session', {
			body: { providers: 'OURA,WHOOP', reference_id: 'widget-person' },
		});
		const widget = res.body as { session_id: string; url: string };
		const page = await call(emu, widget.url, 'GET', '', { auth: false });
		expect(
			(page.body as { providers: Array<{ provider: string }> }).providers.map((p) => p.provider),
		).toEqual(['OURA', 'WHOOP']);
		await call(
			emu,
			(page.body as { providers: Array<{ connect_url: string }> }).providers[1].connect_url,
			'GET',
			'',
			{ auth: false },
		);
		const [widgetAuth] = await until(1);
		expect(widgetAuth.body).toEqual(
			expect.objectContaining({
				type: 'auth',
				widget_session_id: widget.session_id,
				user: expect.objectContaining({ provider: 'WHOOP', reference_id: 'widget-person' }),
			}),
		);

		// Cancelled login: auth_cancelled, no user.
		receiver.received.length = 0;
		res = await call(emu, emu.baseUrl, 'POST', '/auth/authenticateUser?resource=OURA', {
			body: { reference_id: 'quitter' },
		});
		const count = emu.users.length;
		await call(emu, `${(res.body as { auth_url: string }).auth_url}&cancel=1`, 'GET', '', {
			auth: false,
		});
		const [cancelled] = await until(1);
		expect(cancelled.body).toEqual({
			type: 'auth_cancelled',
			status: 'error',
			flow_id: expect.any(String),
			reason: 'access_denied',
			reference_id: 'quitter',
		});
		expect(emu.users.length).toBe(count);

		// Deauthentication.
		receiver.received.length = 0;
		await call(emu, emu.baseUrl, 'DELETE', `/auth/deauthenticateUser?user_id=${second.user_id}`);
		const [deauth] = await until(1);
		expectSignedByTerra(deauth);
		expect(deauth.body).toEqual({
			type: 'deauth',
			status: 'success',
			message: expect.any(String),
			user: expect.objectContaining({ user_id: second.user_id, active: false }),
		});
	});

	test('non-2xx answers are retried with backoff; trace id and ordering timestamp stay, t is re-stamped', async () => {
		receiver.respondWith.push(500, 503);
		const before = emu.deliveries.length;
		await call(emu, emu.baseUrl, 'GET', `/body?user_id=${userId}&start_date=2026-06-01`);
		const attempts = await until(3);
		const records = await emu.waitForDeliveries((all) => all.slice(before).some((d) => d.ok));
		const mine = records.slice(before);
		expect(mine.map((d) => [d.attempt, d.status, d.ok])).toEqual([
			[1, 500, false],
			[2, 503, false],
			[3, 200, true],
		]);
		expect(new Set(attempts.map((w) => w.headers['x-terra-trace-id'])).size).toBe(1);
		expect(new Set(attempts.map((w) => w.headers['x-terra-ordering-timestamp'])).size).toBe(1);
		expect(new Set(attempts.map((w) => w.rawBody)).size).toBe(1);
		for (const w of attempts) expectSignedByTerra(w);
		expect(attempts[1].receivedAt - attempts[0].receivedAt).toBeGreaterThanOrEqual(35); // base 40 ms
		expect(attempts[2].receivedAt - attempts[1].receivedAt).toBeGreaterThanOrEqual(75); // doubled
		expect(mine[0].nextRetryAt).toBeDefined();
	});

	test('retries stop after maxAttempts; connection failures count as failures', async () => {
		receiver.respondWith.push(500, 500, 500, 500, 500);
		const before = emu.deliveries.length;
		await call(emu, emu.baseUrl, 'GET', `/athlete?user_id=${userId}`);
		const all = await emu.waitForDeliveries(
			(d) => d.length - before >= 4 && !d[d.length - 1].nextRetryAt,
		);
		expect(all.slice(before).map((d) => d.attempt)).toEqual([1, 2, 3, 4]);
		expect(all.slice(before).every((d) => !d.ok)).toBe(true);

		const dead = await startEmulator({
			webhookUrl: 'http://127.0.0.1:9/unreachable',
			webhookRetry: { baseDelayMs: 10, maxAttempts: 2 },
		});
		try {
			await call(dead, dead.baseUrl, 'GET', `/athlete?user_id=${dead.users[0].user_id}`);
			const failed = await dead.waitForDeliveries((d) => d.length >= 2);
			expect(failed.map((d) => [d.attempt, d.status, d.ok])).toEqual([
				[1, undefined, false],
				[2, undefined, false],
			]);
			expect(failed[0].error).toMatch(/ECONNREFUSED/);
		} finally {
			await dead.close();
		}
	});

	test('send-event variants: only "valid" verifies', async () => {
		const results: Record<string, boolean> = {};
		for (const variant of [
			'valid',
			'wrong-secret',
			'old-timestamp',
			'future-timestamp',
			'unsigned',
			'malformed',
		] as const) {
			receiver.received.length = 0;
			const sent = await sendEvent({ url: receiver.url, type: 'sleep', secret: SECRET, variant });
			expect(sent.status).toBe(200);
			const [w] = await until(1);
			expect(w.rawBody).toBe(sent.rawBody);
			results[variant] =
				verify(w.headers['x-terra-signature'] as string | undefined, w.rawBody, SECRET) &&
				verify(w.headers['terra-signature'] as string | undefined, w.rawBody, SECRET);
			if (variant === 'unsigned')
				expect(w.headers['terra-signature'] ?? w.headers['x-terra-signature']).toBeUndefined();
		}
		expect(results).toEqual({
			valid: true,
			'wrong-secret': false,
			'old-timestamp': false,
			'future-timestamp': false,
			unsigned: false,
			malformed: false,
		});
	});

	test('send-event header choice and every event type is sendable', async () => {
		receiver.received.length = 0;
		await sendEvent({
			url: receiver.url,
			type: 'auth',
			secret: SECRET,
			headerName: 'terra-signature',
		});
		await sendEvent({
			url: receiver.url,
			type: 'auth',
			secret: SECRET,
			headerName: 'x-terra-signature',
		});
		const [a, b] = await until(2);
		expect([
			a.headers['terra-signature'] !== undefined,
			a.headers['x-terra-signature'] !== undefined,
		]).toEqual([true, false]);
		expect([
			b.headers['terra-signature'] !== undefined,
			b.headers['x-terra-signature'] !== undefined,
		]).toEqual([false, true]);
		receiver.received.length = 0;
		for (const type of TERRA_EVENT_TYPES) await emu.sendEvent({ url: receiver.url, type });
		const all = await until(TERRA_EVENT_TYPES.length);
		for (const w of all) expectSignedByTerra(w); // emulator.sendEvent defaults to the emulator's secret
		expect(emu.deliveries.filter((d) => d.type === 'healthcheck')).toHaveLength(1);
	});

	test('sendEvent rejects when the receiver is unreachable', async () => {
		await expect(
			sendEvent({ url: 'http://127.0.0.1:9/nothing-here', type: 'activity' }),
		).rejects.toThrow();
	});

	test('Ping mode: data arrives as s3_payload pointing at an expiring URL the emulator serves', async () => {
		const ping = await startEmulator({
			webhookUrl: receiver.url,
			signingSecret: SECRET,
			s3PayloadMode: true,
			s3ExpiresInSeconds: 1,
		});
		try {
			await call(
				ping,
				ping.baseUrl,
				'GET',
				`/sleep?user_id=${ping.users[0].user_id}&start_date=2026-06-01`,
			);
			const [w] = await until(1);
			expectSignedByTerra(w);
			expect(w.body).toEqual({
				type: 's3_payload',
				status: 'success',
				url: expect.stringContaining(`${ping.url}/__emulator/s3/`),
				expires_in: 1,
			});
			const fetched = await call(ping, String(w.body.url), 'GET', '', { auth: false });
			expect(fetched.body).toEqual(
				expect.objectContaining({
					type: 'sleep',
					data: expect.any(Array),
					user: expect.objectContaining({ user_id: ping.users[0].user_id }),
				}),
			);
			await new Promise((r) => setTimeout(r, 1100));
			const expired = await call(ping, String(w.body.url), 'GET', '', { auth: false });
			expect(expired.status).toBe(403);
			expect(expired.raw).toContain('AccessDenied');
		} finally {
			await ping.close();
		}
	});

	test('send-event CLI: exit 0 and a verifiable event; exit 1 when the receiver is unreachable', async () => {
		receiver.received.length = 0;
		const root = path.resolve(__dirname, '../..');
		const run = (args: string[]) =>
			new Promise<{ code: number | null; out: string }>((resolve) => {
				const child = spawn(
					process.execPath,
					[
						require.resolve('ts-node/dist/bin.js'),
						'--transpile-only',
						'-P',
						'tsconfig.dev.json',
						'scripts/send-event.ts',
						...args,
					],
					{ cwd: root },
				);
				let out = '';
				child.stdout.on('data', (d) => (out += d));
				child.stderr.on('data', (d) => (out += d));
				child.on('close', (code) => resolve({ code, out }));
			});
		const [ok, bad] = await Promise.all([
			run(['--url', receiver.url, '--type', 'daily', '--secret', SECRET]),
			run(['--url', 'http://127.0.0.1:9/x', '--type', 'daily']),
		]);
		expect(ok.out).toContain('HTTP 200');
		expect(ok.code).toBe(0);
		expect(bad.code).toBe(1);
		const [w] = await until(1);
		expect(w.body.type).toBe('daily');
		expect(verify(w.headers['terra-signature'] as string, w.rawBody, SECRET)).toBe(true);
	}, 30_000);
});
