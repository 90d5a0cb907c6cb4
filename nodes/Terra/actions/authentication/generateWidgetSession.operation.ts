import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { defineOperation, type EndpointRequest } from '../define';
import { authBody, readAuthFields, redirectFields, referenceIdOption, referenceIdProperty } from './fields';

/** The values of the Endpoint parameter, each naming the endpoint it calls. */
type WidgetEndpoint = 'widgetApi' | 'legacy';

export const generateWidgetSession = defineOperation({
	resource: 'authentication',
	operation: 'generateWidgetSession',
	name: 'Generate Widget Session',
	action: 'Generate widget session',
	endpoints: {
		widgetApi: 'authentication:generateWidgetSession',
		legacy: 'authentication:generateWidgetSessionLegacy',
	},
	description: 'Get a Terra widget link where an end user picks and connects providers',
	properties: [
		{
			displayName: 'Endpoint',
			name: 'widgetEndpoint',
			type: 'options',
			default: 'widgetApi',
			options: [
				{
					name: 'Widget API',
					value: 'widgetApi',
					description: 'Terra’s current widget',
				},
				{
					name: 'Legacy (Deprecated)',
					value: 'legacy',
					description:
						'Terra’s older widget, deprecated on 3 Nov 2026. Terra refuses it for accounts created after 3 Sep 2026.',
				},
			],
		},
		{
			displayName: 'Provider Names or IDs',
			name: 'providers',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getProviders' },
			default: [],
			description:
				'Providers the widget offers; empty offers every provider enabled in your dashboard. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		referenceIdProperty,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				referenceIdOption,
				...redirectFields,
				{
					displayName: 'Show Disconnect',
					name: 'showDisconnect',
					type: 'boolean',
					default: false,
					description:
						'Whether the widget shows disconnect buttons for providers already connected under this reference ID',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, requests: Record<WidgetEndpoint, EndpointRequest>) {
		const endpoint = this.getNodeParameter('widgetEndpoint', itemIndex, 'widgetApi') as WidgetEndpoint;
		const providersValue = this.getNodeParameter('providers', itemIndex, []) as string[] | string;
		const providers = (Array.isArray(providersValue) ? providersValue : String(providersValue).split(','))
			.map((provider) => provider.trim().toUpperCase())
			.filter(Boolean);
		const body = authBody(this, itemIndex, readAuthFields(this, itemIndex));
		// Terra takes the providers as one comma-separated string.
		if (providers.length) body.providers = providers.join(',');
		const request = endpoint === 'legacy' ? requests.legacy : requests.widgetApi;
		const response = await request({ body });
		return response.body as IDataObject;
	},
});
