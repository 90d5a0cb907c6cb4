/**
 * "Nothing lost, nothing hangs, nothing silently wrong" (issue #10), through n8n-core's real engine against the
 * emulator's fault injection: broken 200s, truncated bodies, answers of the wrong shape, a Terra that never answers,
 * which failures are retried for which requests (to_webhook=true included), the error texts, and the refusal to send
 * the API key over plain http://.
 */
import type { IDataObject } from 'n8n-workflow';

import { TerraApi } from '../../credentials/TerraApi.credentials';
import type { TerraEmulator } from '../../emulator';
import { freePort } from '../../scripts/lib/processes';
import { runListSearch, runNode, type NodeRunResult } from '../harness/n8n';
import { apiRequests, byId, credentialsFor, jsonOf, runTerra, TERRA_NODE, useEmulator } from './support';

// Webhook deliveries go nowhere (port 9 refuses) and are tried once: these tests look at requests, not deliveries.
const emulator = useEmulator({ webhookUrl: 'http://127.0.0.1:9/terra-webhook', webhookRetry: { maxAttempts: 1 } });
const user = () => emulator().users[0];
const sleepWeek = (extra: IDataObject = {}) => ({
	resource: 'sleep',
	operation: 'getAll',
	user: byId(user().user_id),
	startDate: '2024-02-01T00:00:00',
	endDate: '2024-02-08T00:00:00',
	...extra,
});
const webhookSleep = (extra: IDataObject = {}) => sleepWeek({ delivery: 'webhook', ...extra });
const authLink = { resource: 'authentication', operation: 'generateAuthLink', provider: 'GARMIN' };

const description = (result: NodeRunResult) => String((result.error as { description?: string } | undefined)?.description ?? '');

/** The number of attempts the error's description reports ("Tried once." / "Tried 3 times (…)"). */
function reportedAttempts(result: NodeRunResult): number {
	const text = description(result);
	if (text.includes('Tried once.')) return 1;
	const match = /Tried (\d+) times/.exec(text);
	if (!match) throw new Error(`no attempt count in: ${text}`);
	return Number(match[1]);
}

function to(emulatorPath: string, e: TerraEmulator = emulator()) {
	return apiRequests(e).filter((request) => request.path === emulatorPath);
}

describe('a broken 200 is an error, never an empty success', () => {
	it('invalid JSON on every attempt: the run fails naming the endpoint, the size and the first bytes, after retries it reports truthfully', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { invalidJson: true, times: Infinity });
		const result = await runTerra(emulator(), sleepWeek({ options: { maxWaitSeconds: 3 } }));
		expect(result.items).toEqual([]);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^Terra answered GET \/sleep with HTTP 200 and \d+ bytes that are not valid JSON$/);
		expect(description(result)).toMatch(/The body starts “\{"user":\{/);
		const requests = to('/sleep');
		expect(requests.length).toBeGreaterThan(1);
		expect(requests.every((request) => request.fault === 'invalidJson')).toBe(true);
		expect(reportedAttempts(result)).toBe(requests.length);
		expect(description(result)).toMatch(/answer not JSON, answer not JSON/);
	});

	it('invalid JSON once on a GET: retried, and the run returns the week like an undisturbed one', async () => {
		const undisturbed = jsonOf(await runTerra(emulator(), sleepWeek()));
		emulator().clearRequests();
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { invalidJson: true, times: 1 });
		expect(jsonOf(await runTerra(emulator(), sleepWeek()))).toEqual(undisturbed);
		expect(to('/sleep').map((request) => request.fault ?? 'none')).toEqual(['invalidJson', 'none']);
	});

	it('a body cut short of its Content-Length is retried like a reset on a GET, and the data is complete', async () => {
		const undisturbed = jsonOf(await runTerra(emulator(), sleepWeek()));
		emulator().clearRequests();
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { shortBody: true, times: 1 });
		expect(jsonOf(await runTerra(emulator(), sleepWeek()))).toEqual(undisturbed);
		expect(to('/sleep').map((request) => request.fault ?? 'none')).toEqual(['shortBody', 'none']);
	});

	it('a body cut short on every attempt fails as “cut off”, and does not claim retries it did not make', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { shortBody: true, times: Infinity });
		const result = await runTerra(emulator(), sleepWeek({ options: { maxWaitSeconds: 2 } }));
		expect(result.error?.message).toMatch(/^Terra’s answer to GET \/sleep was cut off: HTTP 200 announced \d+ bytes, but the connection closed before the end$/);
		expect(reportedAttempts(result)).toBe(to('/sleep').length);
	});

	it('a POST whose answer is cut off is not sent again', async () => {
		emulator().faults.inject({ method: 'POST', path: '/auth/authenticateUser' }, { shortBody: true, times: 1 });
		const result = await runTerra(emulator(), authLink);
		expect(result.error?.message).toMatch(/^Terra’s answer to POST \/auth\/authenticateUser was cut off/);
		expect(description(result)).toContain('Tried once. Not retried: Terra may already have carried out this POST, and sending it again could do it twice.');
		expect(to('/auth/authenticateUser')).toHaveLength(1);
	});
});

describe('an answer of the wrong shape is an error naming what was expected and what came', () => {
	it('users paging: {result: {data: …}} instead of {data: {results: …}} fails instead of giving zero users', async () => {
		emulator().faults.inject({ method: 'GET', path: '/subscriptions' }, { wrongShape: true, times: 1 });
		const result = await runTerra(emulator(), { resource: 'user', operation: 'getAll', returnAll: true });
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'Terra answered GET /subscriptions with HTTP 200 but not in the expected shape: expected “users” or “data.results” as a list, got an object with keys result',
		);
		expect(description(result)).toContain('Tried once. Not retried: an answer of the wrong shape is not a passing glitch.');
		expect(to('/subscriptions')).toHaveLength(1);
	});

	it('a data GET without its `data` list fails; so does the athlete without `athlete`', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { status: 200, body: { user: user(), records: [], type: 'sleep' } });
		const sleep = await runTerra(emulator(), sleepWeek());
		expect(sleep.error?.message).toMatch(/GET \/sleep .* expected “data” as a list .*, got an object with keys user, records, type$/);

		emulator().faults.inject({ method: 'GET', path: '/athlete' }, { wrongShape: true });
		const athlete = await runTerra(emulator(), { resource: 'athlete', operation: 'get', user: byId(user().user_id) });
		expect(athlete.error?.message).toMatch(/GET \/athlete .* expected “athlete” as an object/);
	});

	it('the User list in the editor (listSearch) fails too, instead of an empty list', async () => {
		emulator().faults.inject({ method: 'GET', path: '/subscriptions' }, { wrongShape: true });
		await expect(
			runListSearch({ node: TERRA_NODE, parameters: {}, credentials: credentialsFor(emulator()), method: 'searchUsers' }),
		).rejects.toThrow(/GET \/subscriptions .* expected “users” or “data.results” as a list/);
	});

	it('accepts Terra’s record-less variants (no data, processing) and the webhook acknowledgement', async () => {
		emulator().faults.inject(
			{ method: 'GET', path: '/sleep' },
			{ status: 200, body: { status: 'success', message: 'No data available', type: 'no_data', user: user() } },
		);
		expect(jsonOf(await runTerra(emulator(), sleepWeek()))).toEqual([]);
		const [ack] = jsonOf(await runTerra(emulator(), webhookSleep()));
		expect(ack.reference).toEqual(expect.any(String));
	});

	it('never shows the API key from a body that echoes it', async () => {
		emulator().faults.inject({ method: 'GET', path: '/subscriptions' }, { status: 200, body: { echo: emulator().apiKey } });
		const result = await runTerra(emulator(), { resource: 'user', operation: 'getAll', returnAll: true });
		expect(description(result)).toContain('[redacted]');
		expect(JSON.stringify({ error: result.error, message: result.error?.message, description: description(result) })).not.toContain(
			emulator().apiKey,
		);
	});
});

describe('a Terra that never answers', () => {
	it('fails after the timeout on each attempt, within the wait budget, saying so', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { hang: true, times: Infinity });
		const result = await runTerra(emulator(), sleepWeek({ options: { timeoutSeconds: 1, maxWaitSeconds: 3 } }));
		expect(result.error?.message).toMatch(/^Terra at 127\.0\.0\.1:\d+ did not answer GET \/sleep within 1 s$/);
		const requests = to('/sleep');
		expect(requests.every((request) => request.fault === 'hang' && request.status === 0)).toBe(true);
		// 3 s of budget: attempts of 1 s plus backoffs of 0.5–1 s, 1–2 s fit at most three attempts.
		expect(requests.length).toBeGreaterThanOrEqual(2);
		expect(requests.length).toBeLessThanOrEqual(3);
		expect(reportedAttempts(result)).toBe(requests.length);
		expect(description(result)).toContain('no answer within 1 s');
	});

	it('retries a GET that got no answer once, and returns the data', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { hang: true, times: 1 });
		expect(jsonOf(await runTerra(emulator(), sleepWeek({ options: { timeoutSeconds: 1 } }))).length).toBeGreaterThan(0);
		expect(to('/sleep').map((request) => request.status)).toEqual([0, 200]);
	});

	it('offers “Timeout (Seconds)” on every operation, defaulting to 60 s (300 s for uploads)', () => {
		const options = TERRA_NODE.type.description.properties.filter((property) => property.name === 'options');
		const timeouts = options.map((collection) =>
			(collection.options as Array<{ name: string; default: unknown }>).find((option) => option.name === 'timeoutSeconds'),
		);
		expect(timeouts.every((option) => option !== undefined)).toBe(true);
		const defaults = new Set(timeouts.map((option) => option!.default));
		expect([...defaults].sort()).toEqual([300, 60]);
		const operations = TERRA_NODE.type.description.properties.filter((property) => property.name === 'operation');
		const count = operations.reduce((total, picker) => total + (picker.options?.length ?? 0), 0);
		expect(options.length).toBe(count);
	});
});

describe('retries that could multiply side effects', () => {
	it('a data GET with to_webhook=true is not retried after a 504: Terra may already have queued the deliveries', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { status: 504, times: 1 });
		const result = await runTerra(emulator(), webhookSleep());
		expect((result.error as { httpCode?: string }).httpCode).toBe('504');
		expect(to('/sleep')).toHaveLength(1);
		expect(description(result)).toContain(
			'Tried once. Not retried: with webhook delivery (to_webhook=true) Terra may already have queued the deliveries',
		);
	});

	it('nor after no answer, nor after a reset', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { hang: true, times: 1 });
		const hung = await runTerra(emulator(), webhookSleep({ options: { timeoutSeconds: 1 } }));
		expect(hung.error?.message).toMatch(/did not answer GET \/sleep within 1 s/);
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { reset: true, times: 1 });
		const reset = await runTerra(emulator(), webhookSleep());
		expect(reset.error?.message).toMatch(/^The connection to Terra at 127\.0\.0\.1:\d+ broke during GET \/sleep/);
		expect(to('/sleep')).toHaveLength(2);
	});

	it('but a 429 r2 is waited out and retried: Terra refused it, nothing was queued', async () => {
		emulator().faults.inject(
			{ method: 'GET', path: '/sleep' },
			{ status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r2', 'Retry-After': '1' }, times: 1 },
		);
		const [ack] = jsonOf(await runTerra(emulator(), webhookSleep()));
		expect(ack.reference).toEqual(expect.any(String));
		expect(to('/sleep').map((request) => request.status)).toEqual([429, 200]);
	});

	it('and a connection that never opened is retried for every request (nothing was sent), keeping the host in the message', async () => {
		const port = await freePort();
		const credentials = credentialsFor(emulator());
		credentials.terraApi.customBaseUrl = `http://127.0.0.1:${port}/api/v2`;
		const result = await runNode({ node: TERRA_NODE, parameters: { ...authLink, options: {} }, credentials });
		expect(result.error?.message).toBe(`Could not connect to Terra at 127.0.0.1:${port}: connection refused`);
		expect(description(result)).toMatch(/^Nothing was sent \(ECONNREFUSED\)\. .*Tried 5 times \(connection refused, connection refused, connection refused, connection refused, connection refused\)\. That is every retry the node makes \(4\)\.$/);
	}, 60_000);
});

describe('error texts say what happened to this call', () => {
	it('a 429 r2 without Retry-After says Terra did not say when, not “Retry after a while s”', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r2' } });
		const result = await runTerra(emulator(), sleepWeek());
		expect(description(result)).toBe(
			'Terra’s per-user budget of 6,000 days of data per rolling hour is used up (rule r2). Terra did not say when to retry (no Retry-After header): the budget refills over a rolling hour, so run the workflow again later, or request fewer days per run. Tried once. Not retried: Terra did not say when to.',
		);
	});

	it('a host that does not resolve keeps its name in the message (n8n would put a generic sentence there)', async () => {
		const credentials = credentialsFor(emulator());
		Object.assign(credentials.terraApi, { customBaseUrl: 'http://terra-emulator.invalid/api/v2', allowInsecureHttp: true });
		const result = await runNode({
			node: TERRA_NODE,
			parameters: sleepWeek({ options: { maxWaitSeconds: 1 } }),
			credentials,
		});
		expect(result.error?.message).toBe('Could not connect to Terra at terra-emulator.invalid: host name not found');
		expect(description(result)).toMatch(/Nothing was sent \(ENOTFOUND\)/);
	});

	it('a 404 says it was not retried and why; retried 5xx list every attempt', async () => {
		const notFound = await runTerra(emulator(), { ...sleepWeek(), user: byId('0f0f0f0f-0000-4000-8000-000000000000') });
		expect(description(notFound)).toMatch(/Reconnect them .* Tried once\. Not retried: Terra would answer the same request the same way\.$/);
		emulator().clearRequests();

		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { status: 502, times: Infinity });
		const failing = await runTerra(emulator(), sleepWeek({ options: { maxWaitSeconds: 2 } }));
		const attempts = to('/sleep').length;
		expect(attempts).toBeGreaterThan(1);
		expect(description(failing)).toContain(`Tried ${attempts} times (${Array(attempts).fill('HTTP 502').join(', ')}). Not retried again: the next wait`);
	});
});

describe('the API key never travels over plain http:// to another machine', () => {
	const insecure = (port: number, allowInsecureHttp?: boolean) => {
		const credentials = credentialsFor(emulator());
		// 0.0.0.0 reaches this machine's listeners but is not a loopback name: it stands in for a remote host.
		Object.assign(credentials.terraApi, { customBaseUrl: `http://0.0.0.0:${port}/api/v2`, allowInsecureHttp });
		return credentials;
	};
	const port = () => Number(new URL(emulator().url).port);

	it('refuses a non-loopback http:// Custom Base URL before any request, naming the fix', async () => {
		const result = await runNode({ node: TERRA_NODE, parameters: sleepWeek(), credentials: insecure(port()) });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(`Refusing to send the Terra API key to 0.0.0.0:${port()} over plain http://`);
		expect(description(result)).toMatch(/turn on “Allow Insecure HTTP” in the Terra API credential/);
		expect(apiRequests(emulator())).toEqual([]);
	});

	it('sends it when “Allow Insecure HTTP” is on, and to loopback hosts always', async () => {
		expect(jsonOf(await runNode({ node: TERRA_NODE, parameters: sleepWeek(), credentials: insecure(port(), true) })).length).toBeGreaterThan(0);
		expect(jsonOf(await runTerra(emulator(), sleepWeek())).length).toBeGreaterThan(0);
		expect(to('/sleep')).toHaveLength(2);
	});

	it('the credential itself refuses (Test button, HTTP Request node), and bounds the Test request', async () => {
		const credential = new TerraApi();
		const data = { devId: 'dev', apiKey: 'key-123456', baseUrl: 'custom', customBaseUrl: 'http://10.1.2.3/api/v2' };
		await expect(credential.authenticate(data, { baseURL: 'http://10.1.2.3/api/v2', url: '/subscriptions' })).rejects.toThrow(
			'Refusing to send the Terra API key to 10.1.2.3 over plain http://',
		);
		await expect(credential.authenticate(data, { url: 'https://10.1.2.3/api/v2/sleep' })).resolves.toMatchObject({
			headers: { 'dev-id': 'dev', 'x-api-key': 'key-123456' },
		});
		await expect(
			credential.authenticate({ ...data, allowInsecureHttp: true }, { url: 'http://10.1.2.3/api/v2/sleep' }),
		).resolves.toMatchObject({ headers: { 'x-api-key': 'key-123456' } });
		// The Test button's request (n8n sets its timeout to 300 s): bounded, and the marker header is not sent.
		const { headers } = credential.test.request;
		const options = await credential.authenticate(data, {
			url: '/subscriptions',
			baseURL: 'http://127.0.0.1:4010/api/v2',
			headers,
			timeout: 300_000,
		});
		expect(options.timeout).toBe(15_000);
		expect(Object.keys(options.headers ?? {}).sort()).toEqual(['dev-id', 'x-api-key']);
	});
});
