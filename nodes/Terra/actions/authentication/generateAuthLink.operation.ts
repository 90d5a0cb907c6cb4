import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from '../../helpers/validation';
import { defineOperation, type EndpointRequest } from '../define';
import { authBody, readAuthFields, redirectFields, referenceIdOption, referenceIdProperty } from './fields';

export const generateAuthLink = defineOperation({
	resource: 'authentication',
	operation: 'generateAuthLink',
	name: 'Generate Auth Link',
	action: 'Generate auth link for one provider',
	endpoint: 'authentication:generateAuthLink',
	description: 'Get a link where an end user connects one provider account to Terra',
	properties: [
		{
			displayName: 'Provider Name or ID',
			name: 'provider',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getProviders' },
			default: '',
			required: true,
			description:
				'The provider the end user will connect. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		referenceIdProperty,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [referenceIdOption, ...redirectFields],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const provider = String(this.getNodeParameter('provider', itemIndex, '')).trim().toUpperCase();
		if (!/^[A-Z0-9_]+$/.test(provider)) {
			throw invalidInput(
				this.getNode(),
				itemIndex,
				provider ? `“Provider” is not a Terra provider ID: “${provider}”` : '“Provider” is empty',
				'Pick a provider from the list, or use Terra’s provider ID such as GARMIN, FITBIT or OURA.',
			);
		}
		const body = authBody(this, itemIndex, readAuthFields(this, itemIndex));
		const response = await request({ qs: { resource: provider }, body });
		return response.body as IDataObject;
	},
});
