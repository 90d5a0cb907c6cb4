import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export const TERRA_BASE_URL_CURRENT = 'https://access.tryterra.co/api/v2';
export const TERRA_BASE_URL_LEGACY = 'https://api.tryterra.co/v2';

/**
 * Marks the credential test's request, so `authenticate` can bound it: n8n 2.40 runs a declarative credential test
 * through its RoutingNode, which overwrites the test request's own `timeout` with 300 s.
 */
const CREDENTIAL_TEST_HEADER = 'x-n8n-terra-credential-test';
/** How long the credential's Test button waits for Terra. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

function isLoopback(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The host an http:// URL would send the API key to in clear text, or undefined when that is fine: https, a loopback
 * host (127.0.0.0/8, ::1, localhost: the local emulator or a local proxy), or “Allow Insecure HTTP” turned on.
 */
export function cleartextHost(url: string, allowInsecureHttp: boolean): string | undefined {
	if (allowInsecureHttp) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	return parsed.protocol === 'http:' && !isLoopback(parsed.hostname) ? parsed.host : undefined;
}

export function cleartextRefusal(host: string): { message: string; description: string } {
	return {
		message: `Refusing to send the Terra API key to ${host} over plain http://`,
		description:
			'Anyone on the network path could read the key. Use an https:// Custom Base URL, or a loopback address (127.0.0.1, ::1, localhost) for the local emulator or a local proxy. If the path is private and you accept the risk, turn on “Allow Insecure HTTP” in the Terra API credential.',
	};
}

export class TerraApi implements ICredentialType {
	name = 'terraApi';

	displayName = 'Terra API';

	icon: Icon = { light: 'file:../icons/terra.svg', dark: 'file:../icons/terra.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-terra/n8n-nodes-terra/blob/main/docs/credentials.md';

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
						'The older host, still served during Terra’s migration. Not needed for the operations Terra keeps only there: the node sends those to it by itself.',
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
			description:
				'The address the node sends Terra requests to. One ending in /api/v2, like the emulator’s, gets the operations Terra keeps only on its older API at /v2 of the same server; any other is used for every operation.',
			displayOptions: { show: { baseUrl: ['custom'] } },
		},
		{
			displayName: 'Allow Insecure HTTP',
			name: 'allowInsecureHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to send the API key over plain http:// to a host that is not this machine. Off: such a Custom Base URL is refused before any request, as the key would travel unencrypted. Loopback addresses (127.0.0.1, ::1, localhost) are always allowed.',
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

	/**
	 * The dev-id and x-api-key headers, for this node and for the HTTP Request node's “Predefined Credential Type”,
	 * but never over plain http:// to a host that is not this machine unless “Allow Insecure HTTP” is on. A function
	 * rather than a generic block, so that refusal covers every request made with this credential, the Test button's
	 * too, before any byte is sent.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// n8n's legacy request helper (used by the HTTP Request node) names the URL `uri`.
		const url = requestOptions.baseURL
			? `${requestOptions.baseURL}${requestOptions.url}`
			: (requestOptions.url ?? (requestOptions as { uri?: string }).uri ?? '');
		const host = cleartextHost(url, credentials.allowInsecureHttp === true);
		if (host) throw new Error(cleartextRefusal(host).message);
		const { [CREDENTIAL_TEST_HEADER]: isTest, ...headers } = (requestOptions.headers ?? {}) as Record<string, string>;
		return {
			...requestOptions,
			headers: { ...headers, 'dev-id': String(credentials.devId ?? ''), 'x-api-key': String(credentials.apiKey ?? '') },
			...(isTest ? { timeout: CREDENTIAL_TEST_TIMEOUT_MS } : {}),
		};
	}

	// /integrations is public, so it would accept any key; /subscriptions needs a valid dev ID and API key.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl === "custom" ? $credentials.customBaseUrl.replace(/\\/+$/, "") : $credentials.baseUrl}}',
			url: '/subscriptions',
			qs: { page: 0, per_page: 1 },
			headers: { [CREDENTIAL_TEST_HEADER]: 'true' },
			timeout: CREDENTIAL_TEST_TIMEOUT_MS,
		},
	};
}
