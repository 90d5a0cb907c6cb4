import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { invalidInput, parseJsonParameter } from '../../helpers/validation';
import { userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest, type TerraOperation } from '../define';
import type { TerraDataType } from './catalogue';

const RECORDS_HINT =
	'Give a JSON array of records in Terra’s data model, e.g. [{"metadata": {...}}], or a single record object.';

export function createCreateOperation(type: TerraDataType): TerraOperation {
	const singular = type.displayName.replace(/ \(Legacy\)$/, '').toLowerCase();
	return defineOperation({
		resource: type.resource,
		operation: 'create',
		name: 'Create',
		action: `Create ${type.plural}`,
		endpoint: type.createEndpoint!,
		description: `Write ${type.plural} to the user’s provider. Legacy: served on the legacy host, provider support varies.`,
		properties: [
			{
				displayName:
					'Legacy endpoint: Terra serves it on the legacy host (api.tryterra.co/v2) and only some providers accept writes. If Terra answers 404 or 405, switch the credential’s Base URL to Legacy.',
				name: 'legacyNotice',
				type: 'notice',
				default: '',
			},
			userLocator,
			{
				displayName: 'Records (JSON)',
				name: 'records',
				type: 'json',
				default: '[]',
				required: true,
				description: `The ${singular} records to write, in Terra’s ${type.displayName} data model (sent as {"data": [...]})`,
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
