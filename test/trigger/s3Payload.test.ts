/**
 * The s3_payload fetch rules: the host allow-list (https only unless a host is listed with http://), no redirects to
 * another origin, the size cap, the timeout, and no fetching for unverified deliveries unless separately allowed.
 * Node-level cases run the trigger in n8n-core's WebhookContext against the emulator's S3 (see webhookHarness.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { NodeOperationError, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { startEmulator, sendEvent, type TerraEmulator } from '../../emulator';
import { DEFAULT_S3_HOSTS, parseAllowedHosts, refuseUrl } from '../../nodes/TerraTrigger/s3Hosts';
import { installRecordingLogger } from '../harness/n8n';
import { startTriggerServer, type TriggerServer } from './webhookHarness';

const SECRET = 'whsec_s3_test_8d2e';
const servers: TriggerServer[] = [];
const emulators: TerraEmulator[] = [];
const others: Server[] = [];

beforeEach(() => {
	installRecordingLogger();
});

afterEach(async () => {
	await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
	await Promise.all(servers.splice(0).map((server) => server.close()));
	for (const server of others.splice(0)) {
		server.closeAllConnections();
		server.close();
	}
});

function allowed(list: string, url: string): string | undefined {
	const { rules, invalid } = parseAllowedHosts(list);
	expect(invalid).toEqual([]);
	return refuseUrl(new URL(url), rules);
}

describe('S3 Payload Hosts', () => {
	it('by default: https on Amazon S3 hosts (Terra’s contract example included), nothing else', () => {
		for (const url of [
			'https://terra-payload-bucket.s3.eu-west-2.amazonaws.com/payloads/40f7b0e1/activity-2026-07-01.json?X-Amz-Signature=abc',
			'https://bucket.s3.amazonaws.com/x.json',
			'https://my.dotted.bucket.s3.us-east-1.amazonaws.com/x.json',
			'https://s3.eu-west-2.amazonaws.com/bucket/x.json',
			'https://s3.amazonaws.com/bucket/x.json',
		]) {
			expect(allowed(DEFAULT_S3_HOSTS, url)).toBeUndefined();
		}
		const refused: Array<[string, RegExp]> = [
			['http://terra-payload-bucket.s3.eu-west-2.amazonaws.com/x.json', /plain http/],
			['https://127.0.0.1/x.json', /127\.0\.0\.1 is not in S3 Payload Hosts/],
			['https://169.254.169.254/latest/meta-data', /not in S3 Payload Hosts/],
			['https://ec2-3-8-1-1.eu-west-2.compute.amazonaws.com/x', /not in S3 Payload Hosts/],
			['https://s3.amazonaws.com.evil.example/x', /not in S3 Payload Hosts/],
			['https://bucket.s3.eu-west-2.amazonaws.com.evil.example/x', /not in S3 Payload Hosts/],
			['https://user:pass@bucket.s3.amazonaws.com/x', /user names or passwords/],
			['file:///etc/passwd', /file: URLs are never fetched/],
		];
		for (const [url, reason] of refused) expect(allowed(DEFAULT_S3_HOSTS, url)).toMatch(reason);
	});

	it('http only for a host listed as http://host, optionally with a port; wildcards never with http', () => {
		expect(allowed('http://127.0.0.1', 'http://127.0.0.1:4010/__emulator/s3/x')).toBeUndefined();
		expect(allowed('http://127.0.0.1:4010', 'http://127.0.0.1:4010/x')).toBeUndefined();
		expect(allowed('http://127.0.0.1:4010', 'http://127.0.0.1:4011/x')).toBe('port 4011 of 127.0.0.1 is not in S3 Payload Hosts');
		expect(allowed('127.0.0.1', 'http://127.0.0.1/x')).toMatch(/plain http to 127\.0\.0\.1 is not allowed/);
		expect(allowed('http://127.0.0.1', 'https://127.0.0.1/x')).toMatch(/not in S3 Payload Hosts/);
		expect(allowed('https://files.example.com:8443', 'https://files.example.com:8443/x')).toBeUndefined();
		expect(allowed('files.example.com', 'https://FILES.example.com./x')).toBeUndefined();
		expect(parseAllowedHosts('http://*.example.com, ftp://x, a..b, , bucket.s3.amazonaws.com').invalid).toEqual(['http://*.example.com', 'ftp://x', 'a..b']);
	});

	it('a leading * stands for one or more labels, any other * for exactly one', () => {
		expect(allowed('*.example.com', 'https://a.b.example.com/x')).toBeUndefined();
		expect(allowed('*.example.com', 'https://example.com/x')).toMatch(/not in/);
		expect(allowed('a.*.example.com', 'https://a.b.example.com/x')).toBeUndefined();
		expect(allowed('a.*.example.com', 'https://a.b.c.example.com/x')).toMatch(/not in/);
	});
});

async function trigger(parameters: INodeParameters, signingSecret = SECRET): Promise<TriggerServer> {
	const server = await startTriggerServer({ parameters: { events: ['*'], ...parameters }, credentials: { signingSecret } });
	servers.push(server);
	return server;
}

async function emulator(): Promise<TerraEmulator> {
	const started = await startEmulator({ signingSecret: SECRET, webhookRetry: { maxAttempts: 1 } });
	emulators.push(started);
	return started;
}

async function s3Object(emu: TerraEmulator, options: Record<string, unknown> = {}): Promise<{ id: string; url: string; bytes: number }> {
	const response = await fetch(`${emu.url}/__emulator/s3`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ type: 'sleep', ...options }),
	});
	expect(response.status).toBe(201);
	return (await response.json()) as { id: string; url: string; bytes: number };
}

/** Sends a signed (or, with variant 'unsigned', unsigned) s3_payload pointer; resolves with the one delivery. */
async function point(server: TriggerServer, url: string, variant: 'valid' | 'unsigned' = 'valid') {
	const sent = await sendEvent({ url: server.url, type: 's3_payload', secret: SECRET, variant, body: { type: 's3_payload', status: 'success', url, expires_in: 600 } });
	expect(sent.status).toBe(200);
	const [delivery] = await server.waitForDeliveries(1);
	return delivery;
}

function onlyItem(server: TriggerServer): IDataObject {
	const [execution] = server.executions();
	expect(execution.items).toHaveLength(1);
	return execution.items[0].json;
}

function s3Gets(emu: TerraEmulator): string[] {
	return emu.requests.filter((request) => request.surface === 'control' && request.path.startsWith('/s3/')).map((request) => request.path.slice(4));
}

const FROM_EMULATOR = { fetchS3Payloads: true, s3PayloadHosts: 'http://127.0.0.1' };

describe('fetching s3_payload URLs', () => {
	it('with the default hosts, the emulator’s loopback http URL is not fetched at all', async () => {
		const emu = await emulator();
		const server = await trigger({ options: { fetchS3Payloads: true } });
		const object = await s3Object(emu);
		await point(server, object.url);
		expect(onlyItem(server)).toMatchObject({ type: 's3_payload', error: 'The s3_payload URL was not fetched: the host 127.0.0.1 is not in S3 Payload Hosts' });
		expect(s3Gets(emu)).toEqual([]);
	});

	it('a redirect within the same origin is followed; one to another host is not, and that host sees no request', async () => {
		const emu = await emulator();
		const target = await s3Object(emu);
		const sameOrigin = await s3Object(emu, { redirectTo: `/__emulator/s3/${target.id}` });
		const server = await trigger({ options: FROM_EMULATOR });
		await point(server, sameOrigin.url);
		expect(onlyItem(server)).toMatchObject({ type: 'sleep', terra: { source: 's3_payload' } });
		expect(s3Gets(emu)).toEqual([sameOrigin.id, target.id]);

		const other = await emulator();
		const elsewhere = await s3Object(other);
		const away = await s3Object(emu, { redirectTo: elsewhere.url.replace('127.0.0.1', 'localhost') });
		const strict = await trigger({ options: { ...FROM_EMULATOR, s3PayloadHosts: 'http://127.0.0.1, http://localhost' } });
		await point(strict, away.url);
		expect(onlyItem(strict).error).toMatch(/redirected \(HTTP 302\) to localhost:\d+; redirects to another host are not followed/);
		expect(s3Gets(other)).toEqual([]);
	});

	it('a payload over Max S3 Payload Size is refused from its Content-Length, before the body is read', async () => {
		const emu = await emulator();
		const big = await s3Object(emu, { padToBytes: 3 * 1024 * 1024 });
		const server = await trigger({ options: { ...FROM_EMULATOR, s3MaxSizeMb: 1 } });
		await point(server, big.url);
		expect(onlyItem(server).error).toBe('The s3_payload (3 MB) is larger than the 1 MB allowed by Max S3 Payload Size (MB)');
	});

	it('without a Content-Length, reading stops as soon as the cap is passed', async () => {
		let sent = 0;
		let closedEarly = false;
		const endless = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			const pump = () => {
				while (sent < 50 * 1024 * 1024) {
					sent += chunk.length;
					if (!res.write(chunk)) return void res.once('drain', pump);
				}
				res.end();
			};
			res.on('close', () => (closedEarly = sent < 50 * 1024 * 1024));
			pump();
		});
		others.push(endless);
		await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
		const server = await trigger({ options: { ...FROM_EMULATOR, s3MaxSizeMb: 1 } });
		await point(server, `http://127.0.0.1:${(endless.address() as AddressInfo).port}/stream.json`);
		expect(onlyItem(server).error).toBe('The s3_payload is larger than the 1 MB allowed by Max S3 Payload Size (MB)');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(closedEarly).toBe(true);
		expect(sent).toBeLessThan(10 * 1024 * 1024);
	});

	it('a bucket that does not answer is given up after S3 Fetch Timeout', async () => {
		const emu = await emulator();
		const slow = await s3Object(emu, { delayMs: 5000 });
		const server = await trigger({ options: { ...FROM_EMULATOR, s3TimeoutSeconds: 1 } });
		await point(server, slow.url);
		expect(onlyItem(server).error).toBe('Fetching the s3_payload URL took longer than 1 s (S3 Fetch Timeout)');
	});

	it('with verification skipped, an unverified pointer is not fetched (no SSRF) unless separately allowed', async () => {
		const emu = await emulator();
		const internal = await s3Object(emu);
		const insecure = await trigger({ skipSignatureVerification: true, options: FROM_EMULATOR }, '');
		await point(insecure, internal.url, 'unsigned');
		expect(onlyItem(insecure)).toMatchObject({ type: 's3_payload', url: internal.url, error: expect.stringMatching(/signature did not verify/), terra: { verified: false } });
		expect(s3Gets(emu)).toEqual([]);

		const optedIn = await trigger({ skipSignatureVerification: true, options: { ...FROM_EMULATOR, fetchUnverifiedS3Payloads: true } }, '');
		await point(optedIn, internal.url, 'unsigned');
		expect(onlyItem(optedIn)).toMatchObject({ type: 'sleep', terra: { verified: false, source: 's3_payload' } });
		expect(s3Gets(emu)).toEqual([internal.id]);
	});

	it('activation refuses S3 Payload Hosts it cannot understand, naming the entries', async () => {
		const server = await trigger({ options: { fetchS3Payloads: true, s3PayloadHosts: 'bucket.s3.amazonaws.com, http://*.internal' } });
		await expect(server.activate()).rejects.toThrow(NodeOperationError);
		await expect(server.activate()).rejects.toThrow('“S3 Payload Hosts” has entries that are not hosts: http://*.internal');
	});
});
