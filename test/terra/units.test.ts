/** The node's pure pieces on their own (the retry policy and the dates have their own files): merging, output shaping, and the picker's completeness. */
import { Workflow, type INodeProperties } from 'n8n-workflow';

import { TERRA_RESOURCES } from '../../nodes/Terra/actions/resources';
import { TERRA_DATA_TYPES } from '../../nodes/Terra/actions/data/catalogue';
import { perIdResults } from '../../nodes/Terra/actions/data/delete.operation';
import { TERRA_ENDPOINTS, type TerraEndpointKey } from '../../nodes/Terra/endpoints';
import { mapWithConcurrency } from '../../nodes/Terra/helpers/concurrency';
import { dedupeBySummaryId, simplifyRecord } from '../../nodes/Terra/helpers/output';
import { Terra } from '../../nodes/Terra/Terra.node';
import { apiBaseUrl, legacyBaseUrl, widgetBaseUrl } from '../../nodes/Terra/transport';
import { nodeTypesOf } from '../harness/n8n';

describe('merging and shaping', () => {
	it('keeps order and input positions under bounded concurrency', async () => {
		let inFlight = 0;
		let maxInFlight = 0;
		const results = await mapWithConcurrency([30, 5, 20, 1, 10], 2, async (delay, index) => {
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			await new Promise((resolve) => setTimeout(resolve, delay));
			inFlight--;
			return index;
		});
		expect(results).toEqual([0, 1, 2, 3, 4]);
		expect(maxInFlight).toBe(2);
	});

	it('stops starting work after the first failure', async () => {
		const started: number[] = [];
		await expect(
			mapWithConcurrency([0, 1, 2, 3, 4, 5], 1, async (value) => {
				started.push(value);
				if (value === 1) throw new Error('boom');
				return value;
			}),
		).rejects.toThrow('boom');
		expect(started).toEqual([0, 1]);
	});

	it('drops duplicate summary IDs from overlapping windows but never merges records without one', () => {
		const records = [
			{ metadata: { summary_id: 'a' } },
			{ metadata: { summary_id: 'b' } },
			{ metadata: { summary_id: 'a' } },
			{ metadata: {} },
			{ metadata: {} },
		];
		expect(dedupeBySummaryId(records)).toEqual([records[0], records[1], records[3], records[4]]);
	});

	it('simplifies to the user, date and record_id, then every mapped column, null where the record has no value', () => {
		const columns = {
			date: 'metadata.start_time',
			metrics: { avg_hr_bpm: 'heart_rate_data.summary.avg_hr_bpm', steps: 'distance_data.steps' },
		};
		expect(
			simplifyRecord(
				{ metadata: { start_time: '2024-03-05T23:30:00.000000-05:00' }, heart_rate_data: { summary: { avg_hr_bpm: 61 } } },
				columns,
				'daily',
				{ user_id: 'u', provider: 'OURA' },
			),
		).toEqual({
			user_id: 'u',
			reference_id: null,
			provider: 'OURA',
			date: '2024-03-05',
			record_id: 'daily:u:2024-03-05',
			avg_hr_bpm: 61,
			steps: null,
		});
	});

	it('uses Terra’s summary_id as the record_id, and the start time for a record that has none', () => {
		const columns = { date: 'metadata.start_time', id: 'metadata.summary_id', metrics: {} };
		const user = { user_id: 'u', provider: 'OURA', reference_id: 'r' };
		expect(simplifyRecord({ metadata: { start_time: '2024-03-05T22:00:00+09:00', summary_id: 's-1' } }, columns, 'sleep', user).record_id).toBe('s-1');
		expect(simplifyRecord({ metadata: { start_time: '2024-03-05T22:00:00+09:00' } }, columns, 'sleep', user).record_id).toBe(
			'sleep:u:2024-03-05T22:00:00+09:00',
		);
		expect(simplifyRecord({ metadata: {} }, columns, 'sleep', user)).toEqual({
			user_id: 'u',
			reference_id: 'r',
			provider: 'OURA',
			date: null,
			record_id: null,
		});
	});

	it('turns 200/207 delete answers into one result per ID', () => {
		expect(
			perIdResults(['a', 'b', 'c'], { processed_data: [{ id: 'a', response_code: 200 }, { id: 'b', response_code: 404 }] }, 207),
		).toEqual([
			{ id: 'a', deleted: true, response_code: 200 },
			{ id: 'b', deleted: false, response_code: 404 },
			{ id: 'c', deleted: false },
		]);
		// The legacy spec types 207 processed_data as an object; it is read as a list of one.
		expect(perIdResults(['a'], { processed_data: { id: 'a', response_code: 200 } }, 207)).toEqual([
			{ id: 'a', deleted: true, response_code: 200 },
		]);
	});
});

describe('base URLs', () => {
	it('derives the Widget API host from the data API base URL', () => {
		expect(widgetBaseUrl({ baseUrl: 'https://access.tryterra.co/api/v2' })).toBe('https://access.tryterra.co');
		expect(widgetBaseUrl({ baseUrl: 'https://api.tryterra.co/v2' })).toBe('https://access.tryterra.co');
		expect(widgetBaseUrl({ baseUrl: 'custom', customBaseUrl: 'http://127.0.0.1:4010/api/v2/' })).toBe('http://127.0.0.1:4010');
		expect(apiBaseUrl({ baseUrl: 'custom', customBaseUrl: ' http://proxy.local/terra/v2/ ' })).toBe('http://proxy.local/terra/v2');
	});

	it('sends the operations Terra keeps only on its legacy host there, with the same credential', () => {
		expect(legacyBaseUrl({ baseUrl: 'https://access.tryterra.co/api/v2' })).toBe('https://api.tryterra.co/v2');
		expect(legacyBaseUrl({ baseUrl: 'https://api.tryterra.co/v2' })).toBe('https://api.tryterra.co/v2');
		// The emulator (or a server shaped like Terra) serves the legacy surface at /v2 beside /api/v2.
		expect(legacyBaseUrl({ baseUrl: 'custom', customBaseUrl: 'http://127.0.0.1:4010/api/v2/' })).toBe('http://127.0.0.1:4010/v2');
		// Any other proxy gets every path at its own base URL.
		expect(legacyBaseUrl({ baseUrl: 'custom', customBaseUrl: 'https://proxy.local/terra' })).toBe('https://proxy.local/terra');
	});
});

describe('the picker', () => {
	const description = new Terra().description;
	const operationsByResource = Object.fromEntries(
		Object.entries(TERRA_RESOURCES).map(([resource, definition]) => [resource, Object.keys(definition.operations)]),
	);

	it('reaches every endpoint of the table through exactly one resource/operation', () => {
		const declared: string[] = [];
		for (const definition of Object.values(TERRA_RESOURCES)) {
			for (const operation of Object.values(definition.operations)) {
				declared.push(...operation.endpoints);
			}
		}
		expect(declared.sort()).toEqual(Object.keys(TERRA_ENDPOINTS).sort());
		expect(Object.keys(TERRA_ENDPOINTS)).toHaveLength(41);
	});

	it('keeps HTTP out of the Operation picker: no endpoint hint, no paths in descriptions (the docs’ operations table names the endpoints)', () => {
		const pickers = description.properties.filter((property) => property.name === 'operation');
		let listed = 0;
		for (const [resource, definition] of Object.entries(TERRA_RESOURCES)) {
			const picker = pickers.find((property) => property.displayOptions?.show?.resource?.[0] === resource)!;
			expect(picker.hint).toBeUndefined();
			for (const operation of Object.values(definition.operations)) {
				for (const text of [operation.option.description, operation.option.action, operation.option.name]) {
					expect(String(text)).not.toMatch(/(GET|POST|PATCH|DELETE) \/|\/[a-z]/i);
				}
				listed += operation.endpoints.filter((key: TerraEndpointKey) => TERRA_ENDPOINTS[key]).length;
			}
		}
		expect(listed).toBe(Object.keys(TERRA_ENDPOINTS).length);
	});

	it('describes every resource for no-code users', () => {
		const resource = description.properties.find((property) => property.name === 'resource')!;
		for (const option of resource.options as Array<{ name: string; description?: string }>) {
			expect({ name: option.name, described: (option.description ?? '').length > 20 }).toEqual({ name: option.name, described: true });
		}
	});

	it('says on every date picker that the time part is ignored', () => {
		const dateFields: INodeProperties[] = [];
		const collect = (properties: INodeProperties[]) => {
			for (const property of properties) {
				if (property.type === 'dateTime') dateFields.push(property);
				if (property.options) collect(property.options as INodeProperties[]);
			}
		};
		collect(description.properties);
		expect(dateFields.length).toBeGreaterThanOrEqual(10);
		for (const field of dateFields) expect({ field: field.name, description: field.description }).toEqual({ field: field.name, description: expect.stringContaining('the time part is ignored') });
	});

	it('lists resources and operations alphabetically, each with one Operation picker', () => {
		const resource = description.properties.find((property) => property.name === 'resource')!;
		const names = (resource.options as Array<{ name: string }>).map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(names).toHaveLength(Object.keys(operationsByResource).length);
		const pickers = description.properties.filter((property) => property.name === 'operation');
		expect(pickers).toHaveLength(names.length);
		for (const picker of pickers) {
			const operationNames = (picker.options as Array<{ name: string }>).map((option) => option.name);
			expect(operationNames).toEqual([...operationNames].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('shows each parameter only for its own resource and operation', () => {
		const parameters = description.properties.filter((property) => !['resource', 'operation'].includes(property.name));
		for (const parameter of parameters as INodeProperties[]) {
			const show = parameter.displayOptions?.show ?? {};
			expect(show.resource).toHaveLength(1);
			expect(show.operation).toHaveLength(1);
			expect(operationsByResource[String(show.resource![0])]).toContain(String(show.operation![0]));
		}
	});

	it('defines one resource per Terra data type from the data table', () => {
		for (const type of TERRA_DATA_TYPES) {
			const operations = operationsByResource[type.resource];
			expect(operations).toContain(type.dated ? 'getAll' : 'get');
			expect(operations.includes('create')).toBe(Boolean(type.createEndpoint));
			expect(operations.includes('delete')).toBe(Boolean(type.deleteEndpoint));
		}
	});

	it('is usable as an AI tool and has a Title Case subtitle: “Get Many: Sleep”', () => {
		expect(description.usableAsTool).toBe(true);
		const subtitleOf = (resource: string, operation: string) => {
			const node = { id: 'n', name: 'Terra', type: 'n8n-nodes-terra.terra', typeVersion: 1, position: [0, 0] as [number, number], parameters: { resource, operation } };
			const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesOf({ name: node.type, type: new Terra() }) });
			return workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {});
		};
		expect(subtitleOf('sleep', 'getAll')).toBe('Get Many: Sleep');
		expect(subtitleOf('plannedWorkoutLegacy', 'delete')).toBe('Delete: Planned Workout (Legacy)');
		for (const definition of Object.values(TERRA_RESOURCES)) {
			for (const operation of Object.values(definition.operations)) {
				expect(subtitleOf(String(definition.option.value), String(operation.option.value))).toBe(`${operation.option.name}: ${definition.option.name}`);
			}
		}
		// n8n's Custom API Call entry has no picker name here: the raw values show, as they did before.
		expect(subtitleOf('__CUSTOM_API_CALL__', '__CUSTOM_API_CALL__')).toContain(': __CUSTOM_API_CALL__');
	});
});
