import type { IExecuteFunctions } from 'n8n-workflow';

import { matchesUserFilters, type UserFilters } from '../../helpers/users';
import { fetchSubscriptions, SUBSCRIPTIONS_MAX_PAGE_SIZE } from '../../transport/pagination';
import { returnAllOrLimit, userFilters } from '../common.descriptions';
import { defineOperation } from '../define';

export const getAll = defineOperation({
	resource: 'user',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many users',
	endpoint: 'user:getAll',
	description: 'List the users connected to your Terra account, one item per user, page by page',
	properties: [
		...returnAllOrLimit,
		userFilters,
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
					description: 'How many users each request asks Terra for',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const { pageSize } = this.getNodeParameter('options', itemIndex, {}) as { pageSize?: number };
		const size = Math.min(SUBSCRIPTIONS_MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize ?? SUBSCRIPTIONS_MAX_PAGE_SIZE)));
		const filters = this.getNodeParameter('userFilters', itemIndex, {}) as UserFilters;
		const filtered = Object.values(filters).some((value) => value !== undefined && value !== '' && !(Array.isArray(value) && !value.length));
		return await fetchSubscriptions.call(this, {
			limit,
			// With filters, a page holds fewer matches than its size: only an unfiltered limit can shrink the page.
			pageSize: limit === undefined || filtered ? size : Math.min(size, Math.max(limit, 1)),
			keep: filtered ? matchesUserFilters(filters) : undefined,
			itemIndex,
			onPage: (page, total) => this.logger.debug(`Terra users: page ${page} fetched, ${total} users so far`),
		});
	},
});
