import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { invalidInput, parseJsonParameter } from '../../helpers/validation';
import { userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest, type TerraOperation } from '../define';
import type { TerraDataType } from './catalogue';

const RECORDS_HINT =
	'Give a JSON array of records in Terra’s data model, e.g. [{"metadata": {...}}], or a single record object.';

/** A working record per writable type, so the field starts from something Terra accepts rather than an empty list. */
const RECORD_EXAMPLES: Record<string, string> = {
	activity: example({
		metadata: {
			name: 'Morning run',
			type: 8,
			start_time: '2026-01-05T07:00:00+00:00',
			end_time: '2026-01-05T07:45:00+00:00',
		},
		distance_data: { summary: { distance_meters: 8000 } },
	}),
	body: example({
		metadata: { start_time: '2026-01-05T07:00:00+00:00', end_time: '2026-01-05T07:01:00+00:00' },
		measurements_data: { measurements: [{ measurement_time: '2026-01-05T07:00:00+00:00', weight_kg: 72.5 }] },
	}),
	nutrition: example({
		metadata: { start_time: '2026-01-05T12:00:00+00:00', end_time: '2026-01-05T12:30:00+00:00' },
		summary: { macros: { calories: 650, protein_g: 35, carbohydrates_g: 70, fat_g: 20 } },
	}),
	plannedWorkoutLegacy: example({
		metadata: { name: 'Easy run', type: 8, planned_date: '2026-01-10', estimated_duration_seconds: 1800 },
	}),
};

function example(record: IDataObject): string {
	return JSON.stringify([record], null, 2);
}

export function createCreateOperation(type: TerraDataType): TerraOperation {
	const singular = type.displayName.replace(/ \(Legacy\)$/, '').toLowerCase();
	const recordsExample = RECORD_EXAMPLES[type.resource] ?? '[]';
	return defineOperation({
		resource: type.resource,
		operation: 'create',
		name: 'Create',
		action: `Create ${type.plural}`,
		endpoint: type.createEndpoint!,
		description: `Write ${type.plural} to the user’s provider (on Terra’s older API; provider support varies)`,
		properties: [
			{
				displayName:
					'Terra keeps this operation only on its older API, and only some providers accept writes. The node sends it there with the same credential.',
				name: 'legacyNotice',
				type: 'notice',
				default: '',
			},
			userLocator,
			{
				displayName: 'Records (JSON)',
				name: 'records',
				type: 'json',
				default: recordsExample,
				required: true,
				description: `The ${singular} records to write, as a list in Terra’s ${type.displayName} data model. Replace the example with your own.`,
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
			const node = this.getNode();
			const parsed = parseJsonParameter(
				node,
				itemIndex,
				'Records (JSON)',
				this.getNodeParameter('records', itemIndex),
				RECORDS_HINT,
			);
			const records = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' ? [parsed] : [];
			if (records.length === 0 || records.some((record) => !record || typeof record !== 'object' || Array.isArray(record))) {
				throw invalidInput(node, itemIndex, '“Records (JSON)” has no records to write', RECORDS_HINT);
			}
			const userId = await resolveUserId.call(this, itemIndex);
			const response = await request({ qs: { user_id: userId }, body: { data: records as IDataObject[] } });
			return response.body as IDataObject;
		},
	});
}
