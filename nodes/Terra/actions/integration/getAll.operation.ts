import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { defineOperation, type EndpointRequest } from '../define';

export const getAll = defineOperation({
	resource: 'integration',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many providers',
	endpoint: 'integration:getAll',
	description: 'List the providers Terra supports, one item per provider',
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const { body } = await request();
		const response = (body ?? {}) as IDataObject;
		// Older responses call the SDK list sdk_resource.
		const sdkProviders = (response.sdk_providers ?? response.sdk_resource ?? []) as string[];
		return [
			...((response.providers ?? []) as string[]).map((provider) => ({ provider, sdk: false })),
			...sdkProviders.map((provider) => ({ provider, sdk: true })),
		];
	},
});
