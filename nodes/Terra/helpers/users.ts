import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { terraRequest } from '../transport';
import { fetchSubscriptions } from '../transport/pagination';
import { WITHOUT_SCHEMA_WALK } from './parameters';
import { invalidInput, requireText, requireUuid } from './validation';

export interface TerraUser extends IDataObject {
	user_id: string;
	provider: string;
	reference_id?: string | null;
}

/** What is known about the user an item is about: at least the ID, provider and reference ID when known. */
export interface UserRef {
	user_id?: string;
	provider?: string;
	reference_id?: string | null;
}

/** The user fields an error item carries, from a user record or what the node knows about them. */
export function userFields(user: UserRef): IDataObject {
	const fields: IDataObject = {};
	for (const key of ['user_id', 'provider', 'reference_id'] as const) {
		if (user[key] !== undefined) fields[key] = user[key];
	}
	return fields;
}

/** Marks an error with the user it is about (adding to what it already says); the router puts it on the error item. */
export function tagWithUser<E>(error: E, user: UserRef): E {
	if (error && typeof error === 'object') {
		const target = error as { context?: IDataObject };
		target.context ??= {};
		target.context.terraUser = { ...userFields(user), ...(taggedUser(error) ?? {}) };
	}
	return error;
}

export function taggedUser(error: unknown): IDataObject | undefined {
	const user = (error as { context?: IDataObject } | undefined)?.context?.terraUser;
	return user && typeof user === 'object' ? (user as IDataObject) : undefined;
}

/** Users this execution resolved by reference ID, so later errors about them can name provider and reference. */
const resolvedUsers = new WeakMap<object, Map<string, UserRef>>();

export function knownUser(context: IExecuteFunctions, userId: string): UserRef {
	return resolvedUsers.get(context)?.get(userId) ?? { user_id: userId };
}

function remember(context: IExecuteFunctions, user: TerraUser): void {
	const users = resolvedUsers.get(context) ?? new Map<string, UserRef>();
	users.set(user.user_id, { user_id: user.user_id, provider: user.provider, reference_id: user.reference_id });
	resolvedUsers.set(context, users);
}

/** Options of “All Connected Users” and User → Get Many: Terra cannot filter /subscriptions, so this does. */
export interface UserFilters {
	providers?: string[];
	activeOnly?: boolean;
	referenceId?: string;
}

export function matchesUserFilters(filters: UserFilters): (user: IDataObject) => boolean {
	const providers = new Set((filters.providers ?? []).map((provider) => String(provider).trim().toUpperCase()));
	const reference = typeof filters.referenceId === 'string' ? filters.referenceId.trim() : '';
	return (user) =>
		(providers.size === 0 || providers.has(String(user.provider).toUpperCase())) &&
		(filters.activeOnly !== true || user.active !== false) &&
		(!reference || user.reference_id === reference);
}

/** Every connected user that passes the filters, page by page through /subscriptions. */
export async function listConnectedUsers(
	this: IExecuteFunctions,
	itemIndex: number,
	filters: UserFilters,
	pageSize: number,
): Promise<TerraUser[]> {
	const users = await fetchSubscriptions.call(this, {
		pageSize,
		keep: matchesUserFilters(filters),
		itemIndex,
		onPage: (page, total) => this.logger.debug(`Terra users: page ${page} listed, ${total} users so far`),
	});
	return users.filter((user): user is TerraUser => typeof user.user_id === 'string' && user.user_id !== '');
}

/** The User field's value; expressions or older workflows may give a bare ID instead of a locator. */
export function readUserLocator(
	context: IExecuteFunctions,
	itemIndex: number,
	name = 'user',
): INodeParameterResourceLocator {
	const value = context.getNodeParameter(name, itemIndex, undefined, WITHOUT_SCHEMA_WALK) as INodeParameterResourceLocator | string;
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

/** The User field as a Terra user_id (see resolveUser). */
export async function resolveUserId(
	this: IExecuteFunctions,
	itemIndex: number,
	parameterName = 'user',
): Promise<string> {
	return (await resolveUser.call(this, itemIndex, parameterName)).user_id;
}

/**
 * Resolves the User resource locator to one Terra user. "By Reference ID" looks the user up (and so knows the
 * provider); a reference ID shared by several connections is ambiguous for operations that act on one user, so it
 * is an error.
 */
export async function resolveUser(
	this: IExecuteFunctions,
	itemIndex: number,
	parameterName = 'user',
): Promise<UserRef & { user_id: string }> {
	const locator = readUserLocator(this, itemIndex, parameterName);
	if (locator.mode !== 'referenceId') {
		return { user_id: requireUuid(this.getNode(), itemIndex, 'User', locator.value) };
	}
	const referenceId = requireText(
		this.getNode(),
		itemIndex,
		'User (Reference ID)',
		locator.value,
		'Enter the reference ID you passed to Terra when the user connected (reference_id), or pick the user from the list.',
	);
	const users = await usersByReferenceId.call(this, referenceId, itemIndex);
	if (users.length === 1) {
		remember(this, users[0]);
		return { user_id: users[0].user_id, provider: users[0].provider, reference_id: users[0].reference_id };
	}
	if (users.length === 0) {
		throw tagWithUser(invalidInput(
			this.getNode(),
			itemIndex,
			`No Terra user has reference ID “${referenceId}”`,
			'Check the reference ID, or pick the user from the list. Users connected without a reference_id can only be found by ID.',
		), { reference_id: referenceId });
	}
	throw tagWithUser(invalidInput(
		this.getNode(),
		itemIndex,
		`Reference ID “${referenceId}” matches ${users.length} Terra users (${users.map((user) => user.provider).join(', ')})`,
		'Each provider connection is its own Terra user. Choose one with “From List” or “By ID”, or use User → Get with this reference ID to list them all.',
	), { reference_id: referenceId });
}
