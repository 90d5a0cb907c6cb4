/**
 * Node-level tests of the Terra Trigger: real HTTP requests, produced by the emulator's send-event (and by the
 * running emulator's own webhook delivery for s3_payload and large requests), posted to a loopback server that runs
 * the trigger's webhook() inside n8n-core's WebhookContext and answers as n8n does (see webhookHarness.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { NodeOperationError, Workflow, type IDataObject, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';
import { request } from 'undici';

import { TERRA_EVENTS } from '../../nodes/TerraTrigger/events';
import { TerraTrigger } from '../../nodes/TerraTrigger/TerraTrigger.node';
import { sendEvent, startEmulator, TERRA_EVENT_TYPES, type SendEventResult, type TerraEmulator } from '../../emulator';
import { buildSampleEvent } from '../../emulator/webhooks/events';
import { installRecordingLogger, nodeTypesOf, type RecordingLogger } from '../harness/n8n';
import { postRaw, prepareEvent } from '../../emulator/webhooks/sendEvent';
import { signTerraPayload } from '../../emulator/webhooks/signature';
import {
	startTriggerServer,
	type TriggerServer,
	type TriggerServerOptions,
} from './webhookHarness';

const SECRET = 'whsec_trigger_test_4f1c9a';

let logger: RecordingLogger;
const servers: TriggerServer[] = [];
const emulators: TerraEmulator[] = [];

beforeEach(() => {
	logger = installRecordingLogger();
});

afterEach(async () => {
	await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function trigger(parameters: INodeParameters = {}, options: Partial<TriggerServerOptions> = {}): Promise<TriggerServer> {
	const server = await startTriggerServer({
		parameters: { events: ['*'], ...parameters },
		credentials: { signingSecret: SECRET, ...(options.credentials ?? {}) },
		staticData: options.staticData,
	});
	servers.push(server);
	return server;
}

function json(item: INodeExecutionData): IDataObject {
	return item.json;
}

function terraOf(item: INodeExecutionData): IDataObject {
	return item.json.terra as IDataObject;
}

/** The one execution a single delivery started; n8n answered it (an empty 200) once the execution was stored. */
function onlyExecution(server: TriggerServer) {
	expect(server.deliveries).toHaveLength(1);
	expect(server.deliveries[0]).toMatchObject({ executed: true, status: 200, responseBody: '' });
	expect(server.deliveries[0].result?.noWebhookResponse).toBeUndefined();
	return server.deliveries[0].items;
}

/** Accepted with the node's own empty 200, and no execution. */
function expectAcknowledgedWithoutExecution(server: TriggerServer, sent: SendEventResult) {
	expect(sent.status).toBe(200);
	expect(sent.responseBody).toBe('');
	expect(server.deliveries.at(-1)?.executed).toBe(false);
	expect(server.deliveries.at(-1)?.result).toEqual({ noWebhookResponse: true });
}

/** The reasons of the refusals logged at warn (each message also names the reason and what to check). */
function refusalReasons(): string[] {
	return logger.entries
		.filter((entry) => entry.level === 'warn' && entry.message.includes('refused'))
		.map((entry) => {
			const { reason } = entry.meta as { reason: string };
			expect(entry.message).toContain(reason);
			return reason;
		});
}

/** s3_payload fetching from the emulator, which serves its S3 objects over plain http on loopback. */
const FETCH_FROM_EMULATOR = { fetchS3Payloads: true, s3PayloadHosts: 'http://127.0.0.1' };

async function emulator(options: Parameters<typeof startEmulator>[0]): Promise<TerraEmulator> {
	const started = await startEmulator({ signingSecret: SECRET, webhookRetry: { maxAttempts: 1 }, ...options });
	emulators.push(started);
	return started;
}

async function callEmulator(emu: TerraEmulator, path: string): Promise<IDataObject> {
	const res = await request(`${emu.baseUrl}${path}`, { headers: { 'dev-id': emu.devId, 'x-api-key': emu.apiKey } });
	const body = (await res.body.json()) as IDataObject;
	expect(res.statusCode).toBe(200);
	return body;
}

describe('node description (n8n conventions)', () => {
	const { description } = new TerraTrigger();

	it('is a webhook trigger named terraTrigger that answers on receipt', () => {
		expect(description).toMatchObject({
			name: 'terraTrigger',
			displayName: 'Terra Trigger',
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			credentials: [{ name: 'terraApi', required: true }],
			icon: { light: 'file:../../icons/terra.svg', dark: 'file:../../icons/terra.dark.svg' },
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: '={{$parameter["acknowledge"] || "onReceived"}}', responseData: 'noData', path: 'webhook' }],
		});
		expect(description.usableAsTool).toBeUndefined();
		expect(typeof description.subtitle).toBe('string');
	});

	it('the subtitle shows the selected events by name, or how many when there are more than three', () => {
		const cases: Array<[string[], string]> = [
			[['*'], 'All events'],
			[['sleep', 'auth_cancelled'], 'Sleep, Connection Cancelled'],
			[['auth', 'deauth', 'lab_report.completed'], 'User Connected, User Disconnected, Lab Report Completed'],
			[['auth', 'deauth', 'sleep', 'daily'], '4 events'],
			[['some_future_event'], 'some_future_event'],
		];
		for (const [events, expected] of cases) {
			const node = { id: 'n', name: 'Terra Trigger', type: 'n8n-nodes-terra.terraTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: { events } };
			const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesOf({ name: node.type, type: new TerraTrigger() }) });
			expect(workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {})).toBe(expected);
		}
	});

	it('offers every Terra event type, plus "All" as the default', () => {
		const events = description.properties.find((property) => property.name === 'events')!;
		expect(events.type).toBe('multiOptions');
		expect(events.default).toEqual(['*']);
		const values = (events.options as Array<{ value: string }>).map((option) => option.value).sort();
		const required = [
			'auth', 'auth_cancelled', 'deauth', 'user_reauth', 'access_revoked', 'connection_error', 'permission_change',
			'large_request_processing', 'large_request_sending', 's3_payload', 'healthcheck', 'activity', 'athlete', 'body',
			'daily', 'menstruation', 'nutrition', 'sleep', 'planned_workout', 'hormone', 'lab_report.completed', 'lab_report.failed',
		];
		expect(values).toEqual(['*', ...required].sort());
		// Every type the emulator can send (its 'auth_error' is the legacy form of auth_cancelled).
		for (const type of TERRA_EVENT_TYPES.filter((t) => t !== 'auth_error')) expect(values).toContain(type);
	});

	it('explains where to register the URL and where the signing secret is, and warns when verification is off', () => {
		const setup = description.properties.find((property) => property.name === 'setupNotice')!;
		expect(setup.type).toBe('notice');
		expect(setup.displayName).toContain('Connections → Destinations → Webhook');
		expect(setup.displayName).toContain('Signing secret');
		expect(setup.displayName).toContain('Terra API credential');
		const warning = description.properties.find((property) => property.name === 'insecureNotice')!;
		expect(warning.type).toBe('notice');
		expect(warning.displayOptions).toEqual({ show: { skipSignatureVerification: [true] } });
		const skip = description.properties.find((property) => property.name === 'skipSignatureVerification')!;
		expect(skip).toMatchObject({ type: 'boolean', default: false, displayName: 'Skip Signature Verification (Insecure)' });
		expect(skip.description).toMatch(/^Whether /);
	});

	it('has a codex file with categories and documentation links', () => {
		const codex = JSON.parse(readFileSync(join(__dirname, '../../nodes/TerraTrigger/TerraTrigger.node.json'), 'utf8'));
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.resources.primaryDocumentation[0].url).toBe('https://github.com/n8n-nodes-terra/n8n-nodes-terra/blob/main/docs/terra-trigger.md');
		expect(codex.resources.credentialDocumentation[0].url).toBe('https://github.com/n8n-nodes-terra/n8n-nodes-terra/blob/main/docs/credentials.md');
	});
});

describe('activation (webhookMethods)', () => {
	it('refuses to activate without a signing secret, with a message that says how to fix it', async () => {
		for (const signingSecret of ['', '   ']) {
			const server = await trigger({}, { credentials: { signingSecret } });
			const activation = server.activate();
			await expect(activation).rejects.toBeInstanceOf(NodeOperationError);
			await expect(server.activate()).rejects.toMatchObject({
				message: 'The Terra API credential has no webhook signing secret',
				description: expect.stringContaining('Connections → Destinations → Webhook → Edit'),
			});
		}
		const { webhookMethods } = new TerraTrigger();
		expect(Object.keys(webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
	});

	it('activates with a secret, or without one when verification is explicitly skipped', async () => {
		await expect((await trigger()).activate()).resolves.toBeUndefined();
		const insecure = await trigger({ skipSignatureVerification: true }, { credentials: { signingSecret: '' } });
		await expect(insecure.activate()).resolves.toBeUndefined();
	});
});

describe('signature verification: every failure is answered 401 and starts nothing', () => {
	const variants = [
		['wrong-secret', 'no-matching-signature'],
		['old-timestamp', 'timestamp-too-old'],
		['future-timestamp', 'timestamp-in-future'],
		['unsigned', 'missing-header'],
		['malformed', 'missing-timestamp'],
	] as const;

	it.each(variants)('%s → 401, reason %s logged at warn level without the secret or the signature', async (variant, reason) => {
		const server = await trigger();
		const sent = await sendEvent({ url: server.url, type: 'sleep', secret: SECRET, variant });
		expect(sent.status).toBe(401);
		expect(sent.responseBody).toBe('Unauthorized');
		expect(server.deliveries[0].executed).toBe(false);
		expect(refusalReasons()).toEqual([reason]);
		const logged = JSON.stringify(logger.entries);
		expect(logged).not.toContain(SECRET);
		const signature = sent.headers['x-terra-signature'];
		if (signature) expect(logged).not.toContain(signature.split('v1=')[1] ?? signature);
	});

	it('no secret in the credential → 401 (reason no-secret-configured), even for a correctly signed delivery', async () => {
		const server = await trigger({}, { credentials: { signingSecret: '' } });
		const sent = await sendEvent({ url: server.url, type: 'sleep', secret: SECRET });
		expect(sent.status).toBe(401);
		expect(server.executions()).toHaveLength(0);
		expect(refusalReasons()).toEqual(['no-secret-configured']);
	});

	it('a body changed after signing, or re-serialised, is refused', async () => {
		const server = await trigger();
		const { rawBody, headers } = prepareEvent({ type: 'sleep', secret: SECRET });
		const tampered = rawBody.replace('"sleep"', '"Sleep"');
		const pretty = JSON.stringify(JSON.parse(rawBody), null, 2);
		expect((await postRaw(server.url, tampered, headers)).status).toBe(401);
		expect((await postRaw(server.url, pretty, headers)).status).toBe(401);
		expect((await postRaw(server.url, rawBody, headers)).status).toBe(200);
		expect(refusalReasons()).toEqual(['no-matching-signature', 'no-matching-signature']);
		expect(server.executions()).toHaveLength(1);
	});

	it.each(['x-terra-signature', 'terra-signature', 'both'] as const)('accepts the signature in %s', async (headerName) => {
		const server = await trigger();
		const sent = await sendEvent({ url: server.url, type: 'daily', secret: SECRET, headerName });
		expect(sent.status).toBe(200);
		expect(onlyExecution(server)).toHaveLength(1);
	});

	it('accepts a gzip-encoded delivery (verified on the decoded bytes, as n8n sets rawBody)', async () => {
		const server = await trigger();
		const { rawBody, headers } = prepareEvent({ type: 'activity', secret: SECRET });
		const res = await request(server.url, {
			method: 'POST',
			body: gzipSync(Buffer.from(rawBody, 'utf8')),
			headers: { ...headers, 'content-encoding': 'gzip' },
		});
		await res.body.text();
		expect(res.statusCode).toBe(200);
		expect(json(onlyExecution(server)[0])).toMatchObject(JSON.parse(rawBody));
	});

	it('the timestamp tolerance is configurable; 0 turns the check off', async () => {
		const wide = await trigger({ options: { toleranceSeconds: 7200 } });
		expect((await sendEvent({ url: wide.url, type: 'sleep', secret: SECRET, variant: 'old-timestamp' })).status).toBe(200);
		const off = await trigger({ options: { toleranceSeconds: 0 } });
		const ancient = await sendEvent({ url: off.url, type: 'sleep', secret: SECRET, timestampSeconds: 1_000_000_000 });
		expect(ancient.status).toBe(200);
		expect(terraOf(off.executions()[0].items[0]).signatureTimestamp).toBe(1_000_000_000);
		const narrow = await trigger({ options: { toleranceSeconds: 60 } });
		const stale = await sendEvent({ url: narrow.url, type: 'sleep', secret: SECRET, timestampSeconds: Math.floor(Date.now() / 1000) - 120 });
		expect(stale.status).toBe(401);
	});

	it('insecure mode: unsigned and wrongly signed deliveries run, marked verified: false', async () => {
		const server = await trigger({ skipSignatureVerification: true }, { credentials: { signingSecret: '' } });
		for (const variant of ['unsigned', 'wrong-secret', 'malformed'] as const) {
			expect((await sendEvent({ url: server.url, type: 'sleep', secret: SECRET, variant })).status).toBe(200);
		}
		expect(server.executions()).toHaveLength(3);
		for (const execution of server.executions()) {
			expect(terraOf(execution.items[0])).toMatchObject({ verified: false, signatureTimestamp: null });
		}
		expect(logger.entries.filter((entry) => entry.message.includes('accepted an unverified'))).toHaveLength(3);
	});

	it('insecure mode with a secret configured still reports whether each delivery verified', async () => {
		const server = await trigger({ skipSignatureVerification: true });
		const good = await sendEvent({ url: server.url, type: 'sleep', secret: SECRET });
		await sendEvent({ url: server.url, type: 'sleep', secret: SECRET, variant: 'wrong-secret' });
		const [verified, unverified] = server.executions().map((execution) => terraOf(execution.items[0]));
		expect(verified).toMatchObject({ verified: true, signatureTimestamp: Number(/t=(\d+)/.exec(good.headers['x-terra-signature'])![1]) });
		expect(unverified).toMatchObject({ verified: false, signatureTimestamp: null });
	});
});

describe('event filter', () => {
	it('verified events that are not selected are acknowledged 200 without starting an execution', async () => {
		const server = await trigger({ events: ['sleep'] });
		expectAcknowledgedWithoutExecution(server, await sendEvent({ url: server.url, type: 'activity', secret: SECRET }));
		expectAcknowledgedWithoutExecution(server, await sendEvent({ url: server.url, type: 'healthcheck', secret: SECRET }));
		const sleep = await sendEvent({ url: server.url, type: 'sleep', secret: SECRET });
		expect(sleep.status).toBe(200);
		expect(sleep.responseBody).toBe('');
		expect(server.executions()).toHaveLength(1);
		expect(json(server.executions()[0].items[0]).type).toBe('sleep');
	});

	it('every catalogue type, selected alone, passes its own sample and nothing else', async () => {
		for (const { value } of TERRA_EVENTS) {
			const server = await trigger({ events: [value] });
			const own = await sendEvent({ url: server.url, type: value, secret: SECRET });
			expect({ value, status: own.status, executed: server.deliveries[0].executed }).toEqual({ value, status: 200, executed: true });
			const other = value === 'sleep' ? 'daily' : 'sleep';
			await sendEvent({ url: server.url, type: other, secret: SECRET });
			expect({ value, executed: server.deliveries[1].executed }).toEqual({ value, executed: false });
		}
	});

	it('"All" passes every type the emulator sends, including types this node does not know yet', async () => {
		const server = await trigger({ events: ['*'] });
		const types = [...TERRA_EVENT_TYPES, 'health_observation', 'brand_new_event_2027'];
		for (const type of types) await sendEvent({ url: server.url, type, secret: SECRET });
		expect(server.executions()).toHaveLength(types.length);
		const future = server.executions().at(-1)!.items[0];
		expect(json(future)).toMatchObject({ type: 'brand_new_event_2027', terra: { eventType: 'brand_new_event_2027' } });
	});

	it('an unknown type is filtered out when specific events are selected', async () => {
		const server = await trigger({ events: ['activity', 'sleep'] });
		expectAcknowledgedWithoutExecution(server, await sendEvent({ url: server.url, type: 'brand_new_event_2027', secret: SECRET }));
	});

	it('auth_cancelled matches both forms: type auth_cancelled, and the older type auth with status error', async () => {
		const cancelled = await trigger({ events: ['auth_cancelled'] });
		await sendEvent({ url: cancelled.url, type: 'auth_cancelled', secret: SECRET });
		await sendEvent({ url: cancelled.url, type: 'auth_error', secret: SECRET });
		await sendEvent({ url: cancelled.url, type: 'auth', secret: SECRET });
		expect(cancelled.deliveries.map((delivery) => delivery.executed)).toEqual([true, true, false]);
		const [current, legacy] = cancelled.executions().map((execution) => json(execution.items[0]));
		expect(current).toMatchObject({ type: 'auth_cancelled', status: 'error', user: null, terra: { eventType: 'auth_cancelled' } });
		expect(legacy).toMatchObject({ type: 'auth', status: 'error', reason: 'auth_cancelled', terra: { eventType: 'auth_cancelled' } });

		const auth = await trigger({ events: ['auth'] });
		await sendEvent({ url: auth.url, type: 'auth', secret: SECRET });
		await sendEvent({ url: auth.url, type: 'auth_error', secret: SECRET });
		await sendEvent({ url: auth.url, type: 'auth_cancelled', secret: SECRET });
		expect(auth.deliveries.map((delivery) => delivery.executed)).toEqual([true, false, false]);
	});
});

describe('output', () => {
	it('one item per event: the event unchanged plus delivery metadata from the headers', async () => {
		const server = await trigger();
		const before = Date.now();
		const sent = await sendEvent({ url: server.url, type: 'sleep', secret: SECRET, reference: 'ref-42' });
		const [item] = onlyExecution(server);
		const raw = JSON.parse(sent.rawBody) as IDataObject;
		const t = Number(/t=(\d+)/.exec(sent.headers['x-terra-signature'])![1]);
		expect(item.json).toEqual({
			...raw,
			terra: {
				eventType: 'sleep',
				reference: 'ref-42',
				traceId: sent.headers['x-terra-trace-id'],
				orderingTimestamp: Number(sent.headers['x-terra-ordering-timestamp']),
				signatureTimestamp: t,
				receivedAt: expect.any(String),
				verified: true,
				source: 'webhook',
			},
		});
		const receivedAt = Date.parse(terraOf(item).receivedAt as string);
		expect(receivedAt).toBeGreaterThanOrEqual(before - 1000);
		expect(receivedAt).toBeLessThanOrEqual(Date.now());
	});

	it('the raw event stays available for every event type: the item minus `terra` is the body as sent', async () => {
		const server = await trigger();
		for (const type of TERRA_EVENT_TYPES) {
			const sent = await sendEvent({ url: server.url, type, secret: SECRET });
			const raw = JSON.parse(sent.rawBody) as IDataObject;
			const { terra, ...rest } = json(server.executions().at(-1)!.items[0]);
			expect(terra).toBeDefined();
			expect(rest).toEqual({ type: null, user: null, ...raw });
		}
	});

	it('missing or odd metadata headers give nulls, not errors', async () => {
		const server = await trigger();
		const body = JSON.stringify({ type: 'deauth', status: 'success', user: { user_id: 'u1', provider: 'FITBIT' }, reference: 'body-ref' });
		const res = await postRaw(server.url, body, {
			'content-type': 'application/json',
			'x-terra-signature': signTerraPayload(SECRET, body),
			'x-terra-ordering-timestamp': 'not-a-number',
		});
		expect(res.status).toBe(200);
		expect(terraOf(onlyExecution(server)[0])).toMatchObject({ reference: 'body-ref', traceId: null, orderingTimestamp: null });
	});

	it('athlete events are one item with the athlete object (also when splitting)', async () => {
		for (const splitIntoRecords of [false, true]) {
			const server = await trigger({ options: { splitIntoRecords } });
			const sent = await sendEvent({ url: server.url, type: 'athlete', secret: SECRET });
			const items = onlyExecution(server);
			expect(items).toHaveLength(1);
			const raw = JSON.parse(sent.rawBody) as IDataObject;
			expect(json(items[0])).toMatchObject({ type: 'athlete', user: raw.user, athlete: raw.athlete });
			expect(json(items[0]).record).toBeUndefined();
		}
	});

	it('Split Into One Item per Record: one item per record, each with type, user, the record and the metadata', async () => {
		const server = await trigger({ options: { splitIntoRecords: true } });
		const body = buildSampleEvent('activity');
		const records = [...(body.data as IDataObject[]), { metadata: { summary_id: 'extra' } }];
		const sent = await sendEvent({ url: server.url, type: 'activity', secret: SECRET, body: { ...body, data: records } });
		const items = onlyExecution(server);
		expect(items).toHaveLength(records.length);
		items.forEach((item, index) => {
			expect(json(item)).toEqual({
				type: 'activity',
				user: body.user,
				version: body.version,
				record: records[index],
				terra: expect.objectContaining({
					eventType: 'activity',
					traceId: sent.headers['x-terra-trace-id'],
					recordIndex: index,
					recordCount: records.length,
				}),
			});
		});
	});

	it('splitting: a data event with no records starts nothing; events without a data array stay whole', async () => {
		const server = await trigger({ options: { splitIntoRecords: true } });
		expectAcknowledgedWithoutExecution(
			server,
			await sendEvent({ url: server.url, type: 'sleep', secret: SECRET, body: { ...buildSampleEvent('sleep'), data: [] } }),
		);
		await sendEvent({ url: server.url, type: 'lab_report.completed', secret: SECRET });
		await sendEvent({ url: server.url, type: 'auth', secret: SECRET });
		const [lab, auth] = server.executions().map((execution) => execution.items);
		expect(lab).toHaveLength(1);
		expect(json(lab[0]).data).toMatchObject({ session_id: expect.any(String) });
		expect(auth).toHaveLength(1);
	});

	it('a JSON body is parsed once: n8n’s parse of the same bytes is used, unless n8n decoded them by another charset', async () => {
		const server = await trigger();
		const body = JSON.stringify({ type: 'sleep', user: { user_id: 'u1' }, data: [{ metadata: { name: 'Café au lait' } }] });
		const parse = jest.spyOn(JSON, 'parse');
		const parsesOfBody = () => parse.mock.calls.filter(([text]) => typeof text === 'string' && text.includes('Caf')).length;
		try {
			const signed = { 'terra-signature': signTerraPayload(SECRET, body) };
			await postRaw(server.url, body, { 'content-type': 'application/json', 'x-terra-trace-id': 'once-1', ...signed });
			// One parse: the one n8n (here its stand-in) did before the node ran.
			expect(parsesOfBody()).toBe(1);
			parse.mockClear();
			// n8n decodes by the declared charset, the signature is over the bytes as sent (UTF-8): the node parses those.
			await postRaw(server.url, body, { 'content-type': 'application/json; charset=latin1', 'x-terra-trace-id': 'once-2', ...signed });
			expect(parsesOfBody()).toBe(2);
		} finally {
			parse.mockRestore();
		}
		const names = server.executions().map((delivery) => ((json(delivery.items[0]).data as IDataObject[])[0].metadata as IDataObject).name);
		expect(names).toEqual(['Café au lait', 'Café au lait']);
	});

	it('a byte order mark before the JSON is dropped, as n8n 2.x does', async () => {
		const server = await trigger();
		const body = `\uFEFF${JSON.stringify({ type: 'daily', user: null, data: [] })}`;
		await postRaw(server.url, body, { 'content-type': 'text/plain', 'terra-signature': signTerraPayload(SECRET, body) });
		expect(json(onlyExecution(server)[0])).toMatchObject({ type: 'daily', data: [] });
	});

	it('a signed body that is not a JSON object is kept under `body` (only passes "All")', async () => {
		const server = await trigger();
		const body = '[1,2,3]';
		await postRaw(server.url, body, { 'content-type': 'application/json', 'terra-signature': signTerraPayload(SECRET, body) });
		expect(json(onlyExecution(server)[0])).toMatchObject({ type: null, user: null, body: [1, 2, 3], terra: { eventType: '' } });
	});
});

describe('s3_payload (Ping delivery mode)', () => {
	it('without Fetch S3 Payloads, the pointer itself is the output', async () => {
		const server = await trigger();
		const emu = await emulator({ webhookUrl: server.url });
		const sent = await emu.sendEvent({ url: server.url, type: 's3_payload' });
		expect(sent.status).toBe(200);
		expect(json(onlyExecution(server)[0])).toMatchObject({ type: 's3_payload', url: expect.stringContaining('/__emulator/s3/'), expires_in: 600 });
	});

	it('Fetch S3 Payloads: answers 200 first, then outputs the fetched event in place of the pointer', async () => {
		const server = await trigger({ options: FETCH_FROM_EMULATOR });
		const emu = await emulator({ webhookUrl: server.url });
		const sent = await emu.sendEvent({ url: server.url, type: 's3_payload' });
		// Terra got its (empty) 200 before the download: the delivery is only recorded once webhook() has returned.
		expect(sent.status).toBe(200);
		expect(sent.responseBody).toBe('');
		await server.waitForDeliveries(1);
		const [item] = onlyExecution(server);
		const pointer = JSON.parse(sent.rawBody) as { url: string };
		const stored = (await (await request(pointer.url)).body.json()) as IDataObject;
		expect(stored.type).toBe('activity');
		expect(json(item)).toEqual({
			...stored,
			terra: expect.objectContaining({ eventType: 'activity', source: 's3_payload', verified: true, traceId: sent.headers['x-terra-trace-id'] }),
		});
	});

	it('real Ping-mode data delivery (to_webhook=true) is fetched and split', async () => {
		const server = await trigger({ events: ['sleep'], options: { ...FETCH_FROM_EMULATOR, splitIntoRecords: true } });
		const emu = await emulator({ webhookUrl: server.url, s3PayloadMode: true });
		const user = emu.users[0];
		const ack = await callEmulator(emu, `/sleep?user_id=${user.user_id}&start_date=2026-03-02&end_date=2026-03-05&to_webhook=true`);
		await server.waitForDeliveries(1);
		const [delivered] = await emu.waitForDeliveries((all) => all.length === 1 && all[0].status !== undefined);
		expect(delivered.type).toBe('s3_payload');
		expect(delivered.status).toBe(200);
		const items = onlyExecution(server);
		expect(items.length).toBeGreaterThanOrEqual(2);
		for (const [index, item] of items.entries()) {
			expect(json(item)).toMatchObject({
				type: 'sleep',
				user: { user_id: user.user_id },
				record: { metadata: expect.any(Object) },
				terra: { source: 's3_payload', reference: ack.reference, recordIndex: index, recordCount: items.length },
			});
		}
	});

	it('the event filter applies to the fetched type (or to s3_payload itself)', async () => {
		const sleepOnly = await trigger({ events: ['sleep'], options: FETCH_FROM_EMULATOR });
		const emu = await emulator({ webhookUrl: sleepOnly.url });
		const sent = await emu.sendEvent({ url: sleepOnly.url, type: 's3_payload' }); // points at an activity event
		expect(sent.status).toBe(200);
		await sleepOnly.waitForDeliveries(1);
		expect(sleepOnly.deliveries[0].executed).toBe(false);

		const s3Selected = await trigger({ events: ['s3_payload'], options: FETCH_FROM_EMULATOR });
		await emu.sendEvent({ url: s3Selected.url, type: 's3_payload' });
		await s3Selected.waitForDeliveries(1);
		expect(json(onlyExecution(s3Selected)[0])).toMatchObject({ type: 'activity', terra: { source: 's3_payload' } });
	});

	it('an expired URL: 200 already sent, the pointer is output with an error, and a warning is logged', async () => {
		const server = await trigger({ options: FETCH_FROM_EMULATOR });
		const emu = await emulator({ webhookUrl: server.url, s3ExpiresInSeconds: -1 });
		const sent = await emu.sendEvent({ url: server.url, type: 's3_payload' });
		expect(sent.status).toBe(200);
		await server.waitForDeliveries(1);
		const [item] = onlyExecution(server);
		expect(json(item)).toMatchObject({
			type: 's3_payload',
			url: JSON.parse(sent.rawBody).url,
			error: expect.stringMatching(/HTTP 403|status code 403/),
			terra: { eventType: 's3_payload', source: 'webhook' },
		});
		const warnings = logger.entries.filter((entry) => entry.level === 'warn');
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toContain('s3_payload');
	});

	it('a failed fetch (unknown object, unreachable host) is output as the pointer with an error', async () => {
		const server = await trigger({ events: ['sleep'], options: FETCH_FROM_EMULATOR });
		const emu = await emulator({ webhookUrl: server.url });
		for (const url of [`${emu.url}/__emulator/s3/0000000000000000`, 'http://127.0.0.1:9/unreachable']) {
			const sent = await sendEvent({ url: server.url, type: 's3_payload', secret: SECRET, body: { type: 's3_payload', status: 'success', url, expires_in: 600 } });
			expect(sent.status).toBe(200);
		}
		await server.waitForDeliveries(2);
		const [notFound, unreachable] = server.executions().map((execution) => json(execution.items[0]));
		expect(notFound.error).toMatch(/404/);
		expect(unreachable.error).toMatch(/ECONNREFUSED|connect/i);
		expect(logger.entries.filter((entry) => entry.level === 'warn')).toHaveLength(2);
	});
});

describe('large requests: chunks are annotated so a workflow can reassemble them', () => {
	async function largeRequest(parameters: INodeParameters, emulatorOptions: Parameters<typeof startEmulator>[0] = {}) {
		const server = await trigger(parameters);
		const emu = await emulator({ webhookUrl: server.url, largeRequestDays: 7, ...emulatorOptions });
		const user = emu.users[0];
		// 21 days in runs of 7: large_request_processing, large_request_sending (expected_payloads 3), 3 chunks.
		const ack = await callEmulator(emu, `/sleep?user_id=${user.user_id}&start_date=2026-03-01&end_date=2026-03-22&to_webhook=true`);
		expect(ack.message).toMatch(/chunks/);
		await server.waitForDeliveries(5);
		const delivered = await emu.waitForDeliveries((all) => all.length === 5 && all.every((delivery) => delivery.status !== undefined));
		expect(delivered.map((delivery) => delivery.status)).toEqual([200, 200, 200, 200, 200]);
		return { server, emu, reference: ack.reference as string };
	}

	it('chunks carry the reference and their chunkIndex; the sending event carries expectedPayloads; nothing is stored', async () => {
		const { server, emu, reference } = await largeRequest({});
		const items = server.executions().map((execution) => json(execution.items[0]));
		expect(items.map((item) => item.type)).toEqual(['large_request_processing', 'large_request_sending', 'sleep', 'sleep', 'sleep']);
		const [processing, sending, ...chunks] = items;
		expect(processing.terra).toMatchObject({ reference });
		expect(processing.terra).not.toHaveProperty('expectedPayloads');
		expect(processing.terra).not.toHaveProperty('chunkIndex');
		expect(sending).toMatchObject({ expected_payloads: 3, reference, terra: { reference, expectedPayloads: 3 } });
		expect(sending.terra).not.toHaveProperty('chunksReceived');
		chunks.forEach((chunk, index) => {
			expect(chunk.terra).toMatchObject({ reference, chunkIndex: index + 1, traceId: `${reference}:chunk:${index + 1}` });
			expect(chunk.terra).not.toHaveProperty('expectedPayloads');
		});
		expect(emu.deliveries.slice(2).map((delivery) => delivery.traceId)).toEqual(chunks.map((chunk) => (chunk.terra as IDataObject).traceId));
		// Only the record of accepted deliveries is kept (for Ignore Repeated Deliveries), no large-request state.
		expect(Object.keys(server.staticData['node:Terra Trigger'] as IDataObject)).toEqual(['repeatedDeliveries']);
	});

	it('annotations do not depend on what is selected; split items keep them', async () => {
		const { server, reference } = await largeRequest({ events: ['sleep'], options: { splitIntoRecords: true } });
		expect(server.deliveries.map((delivery) => delivery.executed)).toEqual([false, false, true, true, true]);
		server.executions().forEach((execution, index) => {
			expect(execution.items.length).toBeGreaterThan(0);
			for (const item of execution.items) {
				expect(terraOf(item)).toMatchObject({ reference, chunkIndex: index + 1, recordCount: execution.items.length });
			}
		});
	});

	it('Ping mode: chunk pointers are fetched and the fetched items keep the chunk annotation', async () => {
		const { server, reference } = await largeRequest({ options: FETCH_FROM_EMULATOR }, { s3PayloadMode: true });
		const items = server.executions().map((execution) => json(execution.items[0]));
		expect(items.map((item) => item.type)).toEqual(['large_request_processing', 'large_request_sending', 'sleep', 'sleep', 'sleep']);
		items.slice(2).forEach((item, index) => {
			expect(item.terra).toMatchObject({ source: 's3_payload', reference, chunkIndex: index + 1 });
		});
	});

	it('chunks arriving out of order, all at once and before large_request_sending keep their own index', async () => {
		// The case n8n's static data got wrong: concurrent chunks, and chunks ahead of the sending event.
		const server = await trigger();
		const reference = 'ref-out-of-order';
		const send = (type: string, traceId: string, body?: object) => {
			const prepared = prepareEvent({ type, secret: SECRET, reference, body });
			return postRaw(server.url, prepared.rawBody, { ...prepared.headers, 'x-terra-trace-id': traceId });
		};
		const chunks = [4, 2, 3, 1].map((n) => send('sleep', `${reference}:chunk:${n}`));
		await Promise.all([...chunks, send('large_request_sending', 'sending-trace', { ...buildSampleEvent('large_request_sending', { reference }), expected_payloads: 4 })]);
		const terra = server.executions().map((execution) => terraOf(execution.items[0]));
		expect(terra).toHaveLength(5);
		expect(terra.map((meta) => meta.chunkIndex).filter((index) => index !== undefined).sort()).toEqual([1, 2, 3, 4]);
		expect(terra.filter((meta) => meta.expectedPayloads !== undefined)).toEqual([expect.objectContaining({ expectedPayloads: 4, traceId: 'sending-trace' })]);
		expect(terra.every((meta) => meta.reference === reference)).toBe(true);
	});

	it('without a chunk trace ID a chunk has no chunkIndex (nothing is guessed); an odd expected_payloads is left out', async () => {
		const server = await trigger();
		const reference = 'ref-plain-trace-ids';
		const send = (type: string, traceId: string, body?: object) => {
			const prepared = prepareEvent({ type, secret: SECRET, reference, body });
			return postRaw(server.url, prepared.rawBody, { ...prepared.headers, 'x-terra-trace-id': traceId });
		};
		await send('large_request_sending', 's', { ...buildSampleEvent('large_request_sending', { reference }), expected_payloads: 'many' });
		await send('sleep', 'a');
		await send('sleep', 'b:chunk:x');
		const terra = server.executions().map((execution) => terraOf(execution.items[0]));
		expect(terra).toHaveLength(3);
		for (const meta of terra) {
			expect(meta).not.toHaveProperty('chunkIndex');
			expect(meta).not.toHaveProperty('expectedPayloads');
			expect(meta.reference).toBe(reference);
		}
	});
});
