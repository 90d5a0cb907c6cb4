import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readUserLocator, usersByReferenceId } from '../../helpers/users';
import { invalidInput, requireNonEmptyList, requireText, requireUuid } from '../../helpers/validation';
import { terraRequest } from '../../transport';
import { fetchSubscriptions, SUBSCRIPTIONS_MAX_PAGE_SIZE } from '../../transport/pagination';
import { returnAllOrLimit, userLocator } from '../common.descriptions';
import { defineOperation, defineResource } from '../define';

const get = defineOperation({
	resource: 'user',
	operation: 'get',
	name: 'Get',
	action: 'Get a user',
	endpoints: ['user:get'],
	summary:
		'Get a user by user ID, or every connection made under one reference ID (one item per provider)',
	properties: [userLocator],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const locator = readUserLocator(this, itemIndex);
		if (locator.mode === 'referenceId') {
			const referenceId = requireText(
				this.getNode(),
				itemIndex,
				'User (Reference ID)',
				locator.value,
				'Enter the reference_id you gave Terra when the user connected.',
			);
			// Terra answers a reference ID with a bare array: one user per provider connection.
			return await usersByReferenceId.call(this, referenceId, itemIndex);
		}
		const userId = requireUuid(this.getNode(), itemIndex, 'User', locator.value);
		const { body } = await terraRequest.call(this, {
			endpoint: 'user:get',
			qs: { user_id: userId },
			itemIndex,
		});
		const response = (body ?? {}) as IDataObject;
		const user = (response.user ?? {}) as IDataObject;
		return { ...user, is_authenticated: response.is_authenticated };
	},
});

const getAll = defineOperation({
	resource: 'user',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many users',
	endpoints: ['user:getAll'],
	summary: 'List the users connected to your Terra account, one item per user, page by page',
	properties: [
		...returnAllOrLimit,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Page Size',
					name: 'pageSize',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: SUBSCRIPTIONS_MAX_PAGE_SIZE },
					default: SUBSCRIPTIONS_MAX_PAGE_SIZE,
					description: 'Users per request to Terra (per_page)',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const { pageSize } = this.getNodeParameter('options', itemIndex, {}) as { pageSize?: number };
		const size = Math.min(SUBSCRIPTIONS_MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize ?? SUBSCRIPTIONS_MAX_PAGE_SIZE)));
		return await fetchSubscriptions.call(this, {
			limit,
			pageSize: limit === undefined ? size : Math.min(size, Math.max(limit, 1)),
			itemIndex,
			onPage: (page, total) => this.logger.debug(`Terra users: page ${page} fetched, ${total} users so far`),
		});
	},
});

const getBulk = defineOperation({
	resource: 'user',
	operation: 'getBulk',
	name: 'Get Bulk',
	action: 'Get several users by ID',
	endpoints: ['user:getBulk'],
	summary: 'Get several users by user ID in one request, one item per user',
	properties: [
		{
			displayName: 'User IDs',
			name: 'userIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 2f1c6b8e-6a3e-4c1d-9d0e-5b7f2a9c4e11, 8a0d…',
			description: 'Terra user IDs separated by commas (or an array from an expression)',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const ids = requireNonEmptyList(
			this.getNode(),
			itemIndex,
			'User IDs',
			this.getNodeParameter('userIds', itemIndex),
			'Enter one or more Terra user IDs separated by commas.',
		).map((id) => requireUuid(this.getNode(), itemIndex, 'User IDs', id));
		const { body } = await terraRequest.call(this, { endpoint: 'user:getBulk', body: ids, itemIndex });
		return Array.isArray(body) ? (body as IDataObject[]) : [];
	},
});

const update = defineOperation({
	resource: 'user',
	operation: 'update',
	name: 'Update',
	action: 'Update a user',
	endpoints: ['user:update'],
	summary: 'Change a user’s reference ID or active flag. Legacy: served on the legacy host.',
	properties: [
		{
			displayName:
				'Legacy endpoint: Terra removed PATCH /users from its current contract; it is served on the legacy host (api.tryterra.co/v2). Inactive users receive no data updates.',
			name: 'legacyNotice',
			type: 'notice',
			default: '',
		},
		{ ...userLocator, modes: userLocator.modes!.filter((mode) => mode.name !== 'referenceId') },
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Active',
					name: 'active',
					type: 'boolean',
					default: true,
					description: 'Whether Terra keeps polling the provider and sending data for this user',
				},
				{
					displayName: 'Reference ID',
					name: 'referenceId',
					type: 'string',
					default: '',
					description: 'Your own ID for this end user (reference_id)',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const locator = readUserLocator(this, itemIndex);
		const userId = requireUuid(this.getNode(), itemIndex, 'User', locator.value);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as {
			active?: boolean;
			referenceId?: string;
		};
		const body: IDataObject = {};
		if (fields.referenceId !== undefined && fields.referenceId.trim()) body.reference_id = fields.referenceId.trim();
		if (fields.active !== undefined) body.active = fields.active;
		if (Object.keys(body).length === 0) {
			throw invalidInput(
				this.getNode(),
				itemIndex,
				'“Update Fields” is empty: nothing to update',
				'Add “Reference ID” or “Active” under Update Fields.',
			);
		}
		const response = await terraRequest.call(this, {
			endpoint: 'user:update',
			pathParams: { user_id: userId },
			body,
			itemIndex,
		});
		const result = (response.body ?? {}) as IDataObject;
		return { ...((result.user ?? {}) as IDataObject), status: result.status };
	},
});

export const user = defineResource(
	{ name: 'User', value: 'user', description: 'Terra users: one per end user and provider connection' },
	[get, getAll, getBulk, update],
);
