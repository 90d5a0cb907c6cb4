import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export const TERRA_BASE_URL_CURRENT = 'https://access.tryterra.co/api/v2';
export const TERRA_BASE_URL_LEGACY = 'https://api.tryterra.co/v2';

export class TerraApi implements ICredentialType {
	name = 'terraApi';

	displayName = 'Terra API';

	icon: Icon = { light: 'file:../icons/terra.svg', dark: 'file:../icons/terra.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-terra/n8n-nodes-terra#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Dev ID',
			name: 'devId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. mycompany-testing-AbC123',
			description:
				'Your developer ID, shown with the API key in the Terra dashboard under Connections → API credentials',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API key of the same environment (testing, staging or production) as the dev ID, shown beside it in the Terra dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'options',
			default: TERRA_BASE_URL_CURRENT,
			options: [
				{
					name: 'Terra API (access.tryterra.co/api/v2)',
					value: TERRA_BASE_URL_CURRENT,
					description: 'The current Terra API host. Recommended.',
				},
				{
					name: 'Legacy Terra API (api.tryterra.co/v2)',
					value: TERRA_BASE_URL_LEGACY,
					description:
						'The older host, still served during Terra’s migration. Needed for the legacy write endpoints.',
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'A proxy, or the offline Terra emulator that ships with this package’s repository',
				},
			],
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. http://127.0.0.1:4010/api/v2',
			description: 'Base URL that the Terra API paths (such as /userInfo) are appended to',
			displayOptions: { show: { baseUrl: ['custom'] } },
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only needed by the Terra Trigger. The signing secret of your webhook destination: Terra dashboard → Connections → Destinations → Webhook → Edit. It is not the API key.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'dev-id': '={{$credentials.devId}}',
				'x-api-key': '={{$credentials.apiKey}}',
			},
		},
	};

	// /integrations is public, so it would accept any key; /subscriptions needs a valid dev ID and API key.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl === "custom" ? $credentials.customBaseUrl.replace(/\\/+$/, "") : $credentials.baseUrl}}',
			url: '/subscriptions',
			qs: { page: 0, per_page: 1 },
		},
	};
}
