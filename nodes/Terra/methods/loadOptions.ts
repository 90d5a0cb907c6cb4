import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { terraRequest } from '../transport';

/** Providers enabled for the account (GET /integrations/detailed reads the dev-id), by display name. */
export async function getProviders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { body } = await terraRequest.call(this, { endpoint: 'integration:getAllDetailed', qs: { sdk: false } });
	const providers = ((body as IDataObject | undefined)?.providers ?? []) as IDataObject[];
	return providers
		.filter((provider) => typeof provider.provider === 'string' && provider.enabled !== false)
		.map((provider) => ({
			name: typeof provider.name === 'string' && provider.name ? provider.name : String(provider.provider),
			value: String(provider.provider),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
