import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { terraRequest } from '../../transport';
import { listFrom } from '../../helpers/lists';
import { defineOperation, defineResource } from '../define';

const getAll = defineOperation({
	resource: 'integration',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many providers',
	endpoints: ['integration:getAll'],
	summary: 'List the providers Terra supports, one item per provider',
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { body } = await terraRequest.call(this, { endpoint: 'integration:getAll', itemIndex });
		const response = (body ?? {}) as IDataObject;
		// Older responses call the SDK list sdk_resource.
		const sdkProviders = (response.sdk_providers ?? response.sdk_resource ?? []) as string[];
		return [
			...((response.providers ?? []) as string[]).map((provider) => ({ provider, sdk: false })),
			...sdkProviders.map((provider) => ({ provider, sdk: true })),
		];
	},
});

const getAllDetailed = defineOperation({
	resource: 'integration',
	operation: 'getAllDetailed',
	name: 'Get Many (Detailed)',
	action: 'Get many providers with details',
	endpoints: ['integration:getAllDetailed'],
	summary:
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
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { body } = await terraRequest.call(this, {
			endpoint: 'integration:getAllDetailed',
			qs: { sdk: this.getNodeParameter('sdk', itemIndex, false) as boolean },
			itemIndex,
		});
		return listFrom(body, 'providers');
	},
});

export const integration = defineResource(
	{ name: 'Integration', value: 'integration', description: 'Providers Terra can connect to' },
	[getAll, getAllDetailed],
);
