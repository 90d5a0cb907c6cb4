import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { terraRequest } from '../../transport';
import { defineOperation } from '../define';

export const getAll = defineOperation({
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
