import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { terraRequest } from '../transport';
import { invalidInput, requireText, requireUuid } from './validation';

export interface TerraUser extends IDataObject {
	user_id: string;
	provider: string;
	reference_id?: string | null;
}

/** The User field's value; expressions or older workflows may give a bare ID instead of a locator. */
export function readUserLocator(
	context: IExecuteFunctions,
	itemIndex: number,
	name = 'user',
): INodeParameterResourceLocator {
	const value = context.getNodeParameter(name, itemIndex) as INodeParameterResourceLocator | string;
	return typeof value === 'object' && value !== null ? value : { __rl: true, mode: 'id', value };
}

/** GET /userInfo?reference_id=…: every connection (one per provider) made under the caller's own ID. */
export async function usersByReferenceId(
	this: IExecuteFunctions,
	referenceId: string,
	itemIndex: number,
): Promise<TerraUser[]> {
	const response = await terraRequest.call(this, {
		endpoint: 'user:get',
		qs: { reference_id: referenceId },
		itemIndex,
	});
	const body = response.body as unknown;
	if (Array.isArray(body)) return body as TerraUser[];
	const single = (body as IDataObject | undefined)?.user as TerraUser | undefined;
	return single ? [single] : [];
}

/**
 * Resolves the User resource locator to one Terra user_id. "By Reference ID" looks the user up; a reference ID
 * shared by several connections is ambiguous for operations that act on one user, so it is an error.
 */
export async function resolveUserId(
	this: IExecuteFunctions,
	itemIndex: number,
	parameterName = 'user',
): Promise<string> {
	const locator = readUserLocator(this, itemIndex, parameterName);
	if (locator.mode !== 'referenceId') return requireUuid(this.getNode(), itemIndex, 'User', locator.value);
	const referenceId = requireText(
		this.getNode(),
		itemIndex,
		'User (Reference ID)',
		locator.value,
		'Enter the reference ID you passed to Terra when the user connected (reference_id), or pick the user from the list.',
	);
	const users = await usersByReferenceId.call(this, referenceId, itemIndex);
	if (users.length === 1) return users[0].user_id;
	if (users.length === 0) {
		throw invalidInput(
			this.getNode(),
			itemIndex,
			`No Terra user has reference ID “${referenceId}”`,
			'Check the reference ID, or pick the user from the list. Users connected without a reference_id can only be found by ID.',
		);
	}
	throw invalidInput(
		this.getNode(),
		itemIndex,
		`Reference ID “${referenceId}” matches ${users.length} Terra users (${users.map((user) => user.provider).join(', ')})`,
		'Each provider connection is its own Terra user. Choose one with “From List” or “By ID”, or use User → Get with this reference ID to list them all.',
	);
}
