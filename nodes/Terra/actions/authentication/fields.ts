import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../helpers/validation';

export interface AuthFields {
	referenceId?: string;
	language?: string;
	successRedirectUrl?: string;
	failureRedirectUrl?: string;
	showDisconnect?: boolean;
}

export const referenceIdField: INodeProperties = {
	displayName: 'Reference ID',
	name: 'referenceId',
	type: 'string',
	default: '',
	placeholder: 'e.g. customer-42',
	description:
		'Your own ID for this end user (for example your customer ID). Terra keeps it with the user, sends it with every event and lets you look the user up by it.',
	hint: 'Set it to tie the Terra user to your own customer',
};

/** Reference ID as its own field (version 1.1 on) and under Additional Fields (version 1, as saved workflows have it). */
export const referenceIdProperty: INodeProperties = {
	...referenceIdField,
	displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
};
export const referenceIdOption: INodeProperties = { ...referenceIdField, displayOptions: { show: { '@version': [1] } } };

/** The auth fields of one item: Reference ID from its own field (version 1.1) or from Additional Fields (version 1). */
export function readAuthFields(context: IExecuteFunctions, itemIndex: number): AuthFields {
	const additional = context.getNodeParameter('additionalFields', itemIndex, {}) as AuthFields;
	const referenceId = String(context.getNodeParameter('referenceId', itemIndex, '') ?? '').trim();
	return { ...additional, referenceId: referenceId || additional.referenceId };
}

export const redirectFields: INodeProperties[] = [
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
		description: 'Where the end user lands after connecting; Terra adds the user ID, reference ID and provider to it',
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

export function isUrl(value: string): boolean {
	return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value);
}

export function authBody(context: IExecuteFunctions, itemIndex: number, fields: AuthFields): IDataObject {
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
