import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { TERRA_DATA_TYPES } from '../../nodes/Terra/actions/data/catalogue';
import { Terra } from '../../nodes/Terra/Terra.node';
import { TerraTrigger } from '../../nodes/TerraTrigger/TerraTrigger.node';
import { countByRule, DATE_RANGE_ORDER, editorTexts, JARGON, violations } from './editorText';

const terra = new Terra().description;
const trigger = new TerraTrigger().description;
const names = (property: INodeProperties | undefined) => ((property?.options ?? []) as INodePropertyOptions[]).map((option) => option.name);

describe('editor text (issue 19: n8n’s words, not HTTP’s)', () => {
	it('breaks no rule: no HTTP or wire-format words, declared option order, one placeholder convention, ≤ 10 Simplified columns, switched options hidden, short notice, our docs links', () => {
		const found = violations();
		expect(countByRule(found)).toEqual({});
		expect(found).toEqual([]);
	});

	it('the checker sees the text it is meant to check (so an empty list means something)', () => {
		const texts = editorTexts(terra).map(({ text }) => text);
		expect(texts.length).toBeGreaterThan(500);
		expect(texts).toContain('Get many sleep sessions');
		expect(editorTexts(trigger).some(({ where }) => where.startsWith('options.s3PayloadHosts'))).toBe(true);
		// Each pattern catches the words it names.
		const samples = ['GET /sleep', 'POST /auth', 'PATCH /users', 'DELETE /body', 'to_webhook=true', 'per_page', 'X-Terra-Trace-ID', '429 with Retry-After', 'rule r1', 's3_payload', 'Unix seconds'];
		samples.forEach((sample, index) => expect(JARGON[index][1].test(sample)).toBe(true));
		expect(JARGON.find(([word]) => word === 'r1/r2')![1].test('r10 or error')).toBe(false);
	});

	it('Date Range lists its presets nearest first, Custom last, on every dated data type', () => {
		const presets = terra.properties.filter((property) => property.name === 'datePreset');
		expect(presets).toHaveLength(TERRA_DATA_TYPES.filter((type) => type.dated).length);
		for (const preset of presets) expect(names(preset)).toEqual(DATE_RANGE_ORDER);
	});

	it('Events lists All Events first, then every event by its human name', () => {
		const events = names(trigger.properties.find((property) => property.name === 'events'));
		expect(events[0]).toBe('All Events');
		expect(events.slice(1)).toEqual([...events.slice(1)].sort((a, b) => a.localeCompare(b)));
		expect(events).toEqual(expect.arrayContaining(['User Connected', 'User Disconnected', 'User Reconnected', 'Connection Cancelled']));
	});

	it('Planned Workout → Get Many asks for Return All and Limit before Filters; Get, Delete and Reschedule ask for the user first', () => {
		const shown = (operation: string) =>
			terra.properties
				.filter((property) => property.displayOptions?.show?.resource?.[0] === 'plannedWorkout' && property.displayOptions?.show?.operation?.[0] === operation)
				.map((property) => property.name);
		expect(shown('getAll').slice(0, 4)).toEqual(['user', 'returnAll', 'limit', 'filters']);
		for (const operation of ['get', 'delete', 'reschedule']) expect(shown(operation).slice(0, 2)).toEqual(['user', 'plannedWorkoutId']);
	});

	it('workout, planned workout and lab report IDs are resource locators: From List (default) or By ID', () => {
		for (const name of ['workoutId', 'plannedWorkoutId', 'sessionId']) {
			const fields = terra.properties.filter((property) => property.name === name);
			expect(fields.length).toBeGreaterThan(0);
			for (const field of fields) {
				expect(field.type).toBe('resourceLocator');
				expect(field.default).toEqual({ mode: 'list', value: '' });
				expect(field.modes?.map((mode) => mode.displayName)).toEqual(['From List', 'By ID']);
				expect(Object.keys(new Terra().methods.listSearch)).toContain(field.modes?.[0].typeOptions?.searchListMethod);
			}
		}
	});

	it('Selected Fields is a picker of each data type’s fields, including the ones Simplified leaves out', () => {
		for (const type of TERRA_DATA_TYPES) {
			const fields = terra.properties.find((property) => property.name === 'fields' && property.displayOptions?.show?.resource?.[0] === type.resource)!;
			expect(fields.type).toBe('multiOptions');
			const values = ((fields.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
			for (const path of [...Object.values(type.simplified.metrics), ...(type.simplified.more ?? [])]) expect(values).toContain(path);
		}
	});

	it('Generate Auth Link and Generate Widget Session show Reference ID as a field of its own', () => {
		for (const operation of ['generateAuthLink', 'generateWidgetSession']) {
			const field = terra.properties.find((property) => property.name === 'referenceId' && property.displayOptions?.show?.operation?.[0] === operation);
			expect(field?.type).toBe('string');
		}
	});

	it('JSON fields start from a working example, not an empty list', () => {
		const json = terra.properties.filter((property) => property.type === 'json');
		expect(json.length).toBeGreaterThanOrEqual(5);
		for (const field of json) {
			const value = JSON.parse(String(field.default)) as unknown[];
			expect(Array.isArray(value) && value.length > 0).toBe(true);
		}
	});
});
