/**
 * The signing secret cache (nodes/TerraTrigger/signingSecrets.ts), counted at the credential: each read is one
 * getCredentials call, which in n8n 2.40.7's webhook phase builds an expression isolate. Real signed requests from
 * the emulator's sendEvent, through the webhook harness; the clock is moved with a Date.now spy.
 */
import type { INodeParameters } from 'n8n-workflow';

import { sendEvent } from '../../emulator';
import { SECRET_TTL_MS } from '../../nodes/TerraTrigger/signingSecrets';
import { installRecordingLogger, type RecordingLogger } from '../harness/n8n';
import { startTriggerServer, type TriggerServer, type TriggerServerOptions } from './webhookHarness';

const OLD_SECRET = 'whsec_cache_test_old_7d21';
const NEW_SECRET = 'whsec_cache_test_new_93ab';

let logger: RecordingLogger;
let clockOffsetMs = 0;
const realNow = Date.now.bind(Date);
const servers: TriggerServer[] = [];

/** Moves the trigger's clock (Date.now) to `ms`, however long the test has really taken so far. */
function setClock(ms: number): void {
	clockOffsetMs = ms - realNow();
}

beforeEach(() => {
	logger = installRecordingLogger();
	clockOffsetMs = 0;
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffsetMs);
});

afterEach(async () => {
	jest.restoreAllMocks();
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function trigger(parameters: INodeParameters = {}, options: Partial<TriggerServerOptions> = {}): Promise<TriggerServer> {
	const server = await startTriggerServer({
		parameters: { events: ['*'], ...parameters },
		credentials: { signingSecret: OLD_SECRET },
		...options,
	});
	servers.push(server);
	return server;
}

async function deliver(server: TriggerServer, secret: string): Promise<number> {
	const sent = await sendEvent({ url: server.url, type: 'sleep', secret });
	return sent.status;
}

function refusals(): string[] {
	return logger.entries.filter((entry) => entry.level === 'warn' && entry.message.includes('refused')).map((entry) => (entry.meta as { reason: string }).reason);
}

describe('signing secret: one credential read per TTL window, not per delivery', () => {
	it('20 deliveries in a row read the credential once; after the TTL the next one reads it again', async () => {
		const server = await trigger();
		// The credential is read during the first delivery, so at `start` or later.
		const start = Date.now();
		for (let i = 0; i < 20; i++) expect(await deliver(server, OLD_SECRET)).toBe(200);
		expect(server.executions()).toHaveLength(20);
		expect(server.credentialReads).toBe(1);

		setClock(start + SECRET_TTL_MS - 1_000);
		expect(await deliver(server, OLD_SECRET)).toBe(200);
		expect(server.credentialReads).toBe(1);

		setClock(Date.now() + SECRET_TTL_MS);
		for (let i = 0; i < 5; i++) expect(await deliver(server, OLD_SECRET)).toBe(200);
		expect(server.credentialReads).toBe(2);
		expect(server.executions()).toHaveLength(26);
	});

	it('20 concurrent deliveries on a cold cache share one read', async () => {
		const server = await trigger();
		const statuses = await Promise.all(Array.from({ length: 20 }, () => deliver(server, OLD_SECRET)));
		expect(statuses).toEqual(Array(20).fill(200));
		expect(server.executions()).toHaveLength(20);
		expect(server.credentialReads).toBe(1);
	});

	it('activation reads the credential, and the deliveries after it need no read of their own', async () => {
		const server = await trigger();
		await server.activate();
		expect(server.credentialReads).toBe(1);
		for (let i = 0; i < 3; i++) expect(await deliver(server, OLD_SECRET)).toBe(200);
		expect(server.credentialReads).toBe(1);
	});

	it('two workflows using one credential share its cached secret', async () => {
		const first = await trigger({}, { credentialId: 'shared-credential' });
		const second = await trigger({}, { credentialId: 'shared-credential' });
		expect(await deliver(first, OLD_SECRET)).toBe(200);
		expect(await deliver(second, OLD_SECRET)).toBe(200);
		expect(first.credentialReads + second.credentialReads).toBe(1);
	});
});

describe('signing secret: rotation and revocation', () => {
	it('a rotated secret is accepted on the first delivery after the rotation (one extra read), then cached', async () => {
		const server = await trigger();
		expect(await deliver(server, OLD_SECRET)).toBe(200);
		expect(server.credentialReads).toBe(1);

		server.updateCredentials({ signingSecret: NEW_SECRET });
		expect(await deliver(server, NEW_SECRET)).toBe(200);
		expect(server.credentialReads).toBe(2);
		expect(refusals()).toEqual([]);

		for (let i = 0; i < 5; i++) expect(await deliver(server, NEW_SECRET)).toBe(200);
		expect(server.credentialReads).toBe(2);
		expect(server.executions()).toHaveLength(7);
	});

	it('concurrent deliveries signed with the rotated secret share one re-read', async () => {
		const server = await trigger();
		expect(await deliver(server, OLD_SECRET)).toBe(200);
		server.updateCredentials({ signingSecret: NEW_SECRET });
		const statuses = await Promise.all(Array.from({ length: 10 }, () => deliver(server, NEW_SECRET)));
		expect(statuses).toEqual(Array(10).fill(200));
		expect(server.credentialReads).toBe(2);
	});

	it('after a rotation the old secret is refused: at once when a delivery has re-read the credential, within the TTL otherwise', async () => {
		const server = await trigger();
		expect(await deliver(server, OLD_SECRET)).toBe(200);
		server.updateCredentials({ signingSecret: NEW_SECRET });
		// Nothing has re-read the credential yet: the cached old secret still verifies, for at most the TTL.
		expect(await deliver(server, OLD_SECRET)).toBe(200);
		clockOffsetMs += SECRET_TTL_MS;
		expect(await deliver(server, OLD_SECRET)).toBe(401);
		expect(refusals()).toEqual(['no-matching-signature']);
		expect(await deliver(server, NEW_SECRET)).toBe(200);
		expect(server.executions()).toHaveLength(3);
	});

	it('a secret removed from the credential refuses every delivery once the TTL has passed (fail-closed)', async () => {
		const server = await trigger();
		expect(await deliver(server, OLD_SECRET)).toBe(200);
		server.updateCredentials({ signingSecret: '' });
		clockOffsetMs += SECRET_TTL_MS;
		expect(await deliver(server, OLD_SECRET)).toBe(401);
		expect(await deliver(server, OLD_SECRET)).toBe(401);
		expect(refusals()).toEqual(['no-secret-configured', 'no-secret-configured']);
		expect(server.executions()).toHaveLength(1);
	});

	it('a forged signature is refused after one re-read, and the cache still holds the right secret', async () => {
		const server = await trigger();
		expect(await deliver(server, OLD_SECRET)).toBe(200);
		expect(await deliver(server, 'whsec_forged')).toBe(401);
		expect(server.credentialReads).toBe(2);
		expect(await deliver(server, OLD_SECRET)).toBe(200);
		expect(server.credentialReads).toBe(2);
	});
});
