import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { invalidInput } from '../../helpers/validation';
import { terraRequest } from '../../transport';
import { userLocator } from '../common.descriptions';
import { defineOperation, defineResource } from '../define';

interface AuthFields {
	referenceId?: string;
	language?: string;
	successRedirectUrl?: string;
	failureRedirectUrl?: string;
	showDisconnect?: boolean;
}

const referenceIdField: INodeProperties = {
	displayName: 'Reference ID',
	name: 'referenceId',
	type: 'string',
	default: '',
	placeholder: 'e.g. customer-42',
	description:
		'Your own ID for this end user. Terra stores it as reference_id, echoes it in events and lets you look the user up by it.',
};

const redirectFields: INodeProperties[] = [
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'e.g. en',
		description: 'Language of the pages the end user sees (e.g. en, fr, ja)',
	},
	{
		displayName: 'Success Redirect URL',
		name: 'successRedirectUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://myapp.com/connected',
		description: 'Where the end user lands after connecting; Terra appends user_id, reference_id and resource',
	},
	{
		displayName: 'Failure Redirect URL',
		name: 'failureRedirectUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://myapp.com/connect-failed',
		description: 'Where the end user lands if connecting fails or is cancelled',
	},
];

function isUrl(value: string): boolean {
	return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value);
}

function authBody(context: IExecuteFunctions, itemIndex: number, fields: AuthFields): IDataObject {
	const body: IDataObject = {};
	const text = (value: string | undefined) => (value ?? '').trim();
	for (const [field, label] of [
		['successRedirectUrl', 'Success Redirect URL'],
		['failureRedirectUrl', 'Failure Redirect URL'],
	] as const) {
		const value = text(fields[field]);
		if (value && !isUrl(value)) {
			throw invalidInput(
				context.getNode(),
				itemIndex,
				`“${label}” is not a URL: “${value.slice(0, 80)}”`,
				'Use a full URL such as https://myapp.com/connected.',
			);
		}
	}
	if (text(fields.referenceId)) body.reference_id = text(fields.referenceId);
	if (text(fields.language)) body.language = text(fields.language);
	if (text(fields.successRedirectUrl)) body.auth_success_redirect_url = text(fields.successRedirectUrl);
	if (text(fields.failureRedirectUrl)) body.auth_failure_redirect_url = text(fields.failureRedirectUrl);
	if (fields.showDisconnect !== undefined) body.show_disconnect = fields.showDisconnect;
	return body;
}

const generateAuthLink = defineOperation({
	resource: 'authentication',
	operation: 'generateAuthLink',
	name: 'Generate Auth Link',
	action: 'Generate an auth link for one provider',
	endpoints: ['authentication:generateAuthLink'],
	summary: 'Get a link where an end user connects one provider account to Terra',
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
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [referenceIdField, ...redirectFields],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const provider = String(this.getNodeParameter('provider', itemIndex, '')).trim().toUpperCase();
		if (!/^[A-Z0-9_]+$/.test(provider)) {
			throw invalidInput(
				this.getNode(),
				itemIndex,
				provider ? `“Provider” is not a Terra provider ID: “${provider}”` : '“Provider” is empty',
				'Pick a provider from the list, or use Terra’s provider ID such as GARMIN, FITBIT or OURA.',
			);
		}
		const body = authBody(this, itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}) as AuthFields);
		const response = await terraRequest.call(this, {
			endpoint: 'authentication:generateAuthLink',
			qs: { resource: provider },
			body,
			itemIndex,
		});
		return response.body as IDataObject;
	},
});

const generateWidgetSession = defineOperation({
	resource: 'authentication',
	operation: 'generateWidgetSession',
	name: 'Generate Widget Session',
	action: 'Generate a widget session',
	endpoints: ['authentication:generateWidgetSession', 'authentication:generateWidgetSessionLegacy'],
	summary: 'Get a Terra widget link where an end user picks and connects providers',
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
					description: 'Terra’s current widget endpoint (access.tryterra.co/widget/session)',
				},
				{
					name: 'Legacy (Deprecated)',
					value: 'legacy',
					description:
						'/auth/generateWidgetSession, deprecated on 3 Nov 2026; Terra accounts created after 3 Sep 2026 get HTTP 410 from it',
				},
			],
		},
		{
			displayName: 'Providers Names or IDs',
			name: 'providers',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getProviders' },
			default: [],
			description:
				'Providers the widget offers; empty offers every provider enabled in your dashboard. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				referenceIdField,
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
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const endpoint = this.getNodeParameter('widgetEndpoint', itemIndex, 'widgetApi') as string;
		const providersValue = this.getNodeParameter('providers', itemIndex, []) as string[] | string;
		const providers = (Array.isArray(providersValue) ? providersValue : String(providersValue).split(','))
			.map((provider) => provider.trim().toUpperCase())
			.filter(Boolean);
		const body = authBody(this, itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}) as AuthFields);
		// Terra takes the providers as one comma-separated string.
		if (providers.length) body.providers = providers.join(',');
		const response = await terraRequest.call(this, {
			endpoint:
				endpoint === 'legacy'
					? 'authentication:generateWidgetSessionLegacy'
					: 'authentication:generateWidgetSession',
			body,
			itemIndex,
		});
		return response.body as IDataObject;
	},
});

const generateMobileSdkToken = defineOperation({
	resource: 'authentication',
	operation: 'generateMobileSdkToken',
	name: 'Generate Mobile SDK Token',
	action: 'Generate a mobile SDK token',
	endpoints: ['authentication:generateMobileSdkToken'],
	summary: 'Get a single-use token (valid 3 minutes) for the mobile SDK’s initConnection',
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const response = await terraRequest.call(this, {
			endpoint: 'authentication:generateMobileSdkToken',
			itemIndex,
		});
		return response.body as IDataObject;
	},
});

const deauthenticateUser = defineOperation({
	resource: 'authentication',
	operation: 'deauthenticateUser',
	name: 'Deauthenticate User',
	action: 'Deauthenticate a user',
	endpoints: ['authentication:deauthenticateUser'],
	summary: 'Disconnect a user and delete everything Terra holds for them, including cached data',
	properties: [userLocator],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const userId = await resolveUserId.call(this, itemIndex);
		const response = await terraRequest.call(this, {
			endpoint: 'authentication:deauthenticateUser',
			qs: { user_id: userId },
			itemIndex,
		});
		return { deleted: true, user_id: userId, status: (response.body as IDataObject | undefined)?.status };
	},
});

export const authentication = defineResource(
	{
		name: 'Authentication',
		value: 'authentication',
		description: 'Connect end users’ provider accounts to Terra, or disconnect them',
	},
	[generateAuthLink, generateWidgetSession, generateMobileSdkToken, deauthenticateUser],
	'generateWidgetSession',
);
