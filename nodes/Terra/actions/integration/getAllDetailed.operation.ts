import type { IExecuteFunctions } from 'n8n-workflow';

import { listFrom } from '../../helpers/lists';
import { defineOperation, type EndpointRequest } from '../define';

export const getAllDetailed = defineOperation({
	resource: 'integration',
	operation: 'getAllDetailed',
	name: 'Get Many With Details',
	action: 'Get many providers with details',
	endpoint: 'integration:getAllDetailed',
	description:
		'List the providers enabled for your account with name, icon, setup and data types, one item per provider',
	properties: [
		{
			displayName: 'Include SDK Providers',
			name: 'sdk',
			type: 'boolean',
			default: false,
			description:
				'Whether to include providers that connect through Terra’s mobile SDKs (Apple Health, Samsung Health, Health Connect)',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const { body } = await request({ qs: { sdk: this.getNodeParameter('sdk', itemIndex, false) as boolean } });
		return listFrom(body, 'providers');
	},
});
