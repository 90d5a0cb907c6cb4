/**
 * The node's fixed cost per run (issue 17, bench P1): what it asks n8n for is counted, not timed. In n8n every
 * credential read is a database query and a decryption, so a node run reads the Terra API credential once however
 * many requests and items it has, and every request still carries the credential's headers. Parameters are read
 * without n8n's schema walk (helpers/parameters.ts), which is only sound while no property declares what it checks.
 */
import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { TestCredentialsHelper } from '../harness/n8n';
import { apiRequests, byId, days, jsonOf, runTerra, TERRA_NODE, useEmulator } from './support';

const emulator = useEmulator({ users: 2 });

function countCredentialReads() {
	return jest.spyOn(TestCredentialsHelper.prototype, 'getDecrypted');
}

afterEach(() => jest.restoreAllMocks());

describe('credential reads per node run', () => {
	it('a pull of three windows for two items reads the credential once and authenticates all six requests', async () => {
		const reads = countCredentialReads();
		const user = emulator().users[0];
		const items = jsonOf(
			await runTerra(
				emulator(),
				{ resource: 'sleep', operation: 'getAll', user: byId(user.user_id), ...days('2024-01-01', '2024-03-05'), output: 'full' },
				{ input: [{ json: {} }, { json: {} }] },
			),
		);
		const requests = apiRequests(emulator());
		expect(requests).toHaveLength(6);
		for (const request of requests) {
			expect(request.status).toBe(200);
			expect(request.headers['dev-id']).toBe(emulator().devId);
			expect(request.headers['x-api-key']).toBe(emulator().apiKey);
		}
		expect(items.length).toBeGreaterThan(0);
		expect(reads).toHaveBeenCalledTimes(1);
	});

	it('the copy lives as long as one node run: the next run reads the credential again', async () => {
		const reads = countCredentialReads();
		const user = emulator().users[0];
		const parameters = { resource: 'sleep', operation: 'getAll', user: byId(user.user_id), ...days('2024-01-01'), output: 'full' };
		jsonOf(await runTerra(emulator(), parameters));
		jsonOf(await runTerra(emulator(), parameters));
		expect(reads).toHaveBeenCalledTimes(2);
	});

	it('a failed read is not kept: every item gets its own answer from n8n', async () => {
		const reads = countCredentialReads().mockRejectedValue(new Error('Credentials not found'));
		const user = emulator().users[0];
		const result = await runTerra(
			emulator(),
			{ resource: 'sleep', operation: 'getAll', user: byId(user.user_id), ...days('2024-01-01'), output: 'full' },
			{ input: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(result.items.map((item) => item.json.error)).toEqual(['Credentials not found', 'Credentials not found']);
		expect(reads).toHaveBeenCalledTimes(2);
		expect(apiRequests(emulator())).toHaveLength(0);
	});
});

/** Every property of the node, nested collection and fixed-collection entries included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []).flatMap((option) =>
			'values' in option ? allProperties((option as INodePropertyCollection).values) : 'type' in option ? allProperties([option as INodeProperties]) : [],
		);
		return [property, ...nested];
	});
}

describe('parameters read without n8n’s schema walk', () => {
	it('no property declares a validateType or is a resource mapper, so n8n’s validateValueAgainstSchema would check nothing', () => {
		const properties = allProperties(TERRA_NODE.type.description.properties);
		expect(properties.length).toBeGreaterThan(TERRA_NODE.type.description.properties.length);
		const checked = properties.filter((property) => property.validateType !== undefined || property.type === 'resourceMapper');
		// A property that declares validateType needs n8n's check: read it without WITHOUT_SCHEMA_WALK.
		expect(checked.map((property) => property.name)).toEqual([]);
	});
});
