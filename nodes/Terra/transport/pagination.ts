import type { IDataObject } from 'n8n-workflow';

import { terraRequest, type TerraContext } from './index';

/** Terra's page size default and maximum for /subscriptions. */
export const SUBSCRIPTIONS_MAX_PAGE_SIZE = 500;

export interface SubscriptionsPage {
	users: IDataObject[];
	/** Next zero-based page index, or undefined on the last page. */
	next?: number;
}

/**
 * One page of GET /subscriptions. With `page`, Terra answers `{data: {next, max_page, results}}`; a host that ignores
 * paging answers `{users: [...]}` with everyone, which is treated as a single last page.
 */
export async function fetchSubscriptionsPage(
	this: TerraContext,
	page: number,
	perPage: number,
	itemIndex?: number,
): Promise<SubscriptionsPage> {
	const { body } = await terraRequest.call(this, {
		endpoint: 'user:getAll',
		qs: { page, per_page: perPage },
		itemIndex,
	});
	const response = (body ?? {}) as IDataObject;
	if (Array.isArray(response.users)) return { users: response.users as IDataObject[] };
	const data = (response.data ?? {}) as IDataObject;
	const users = Array.isArray(data.results) ? (data.results as IDataObject[]) : [];
	const next = typeof data.next === 'number' && data.next > page ? data.next : undefined;
	return { users, next };
}

export interface SubscriptionsWalk {
	/** Stop once this many users (that pass `keep`) are collected. */
	limit?: number;
	pageSize: number;
	/** Terra cannot filter /subscriptions: users are filtered here, page by page. */
	keep?: (user: IDataObject) => boolean;
	itemIndex?: number;
	onPage?: (page: number, total: number) => void;
}

/** Walks /subscriptions pages until Terra says there is no next page, or `limit` users are collected. */
export async function fetchSubscriptions(this: TerraContext, options: SubscriptionsWalk): Promise<IDataObject[]> {
	const users: IDataObject[] = [];
	let page: number | undefined = 0;
	while (page !== undefined) {
		const result: SubscriptionsPage = await fetchSubscriptionsPage.call(
			this,
			page,
			options.pageSize,
			options.itemIndex,
		);
		users.push(...(options.keep ? result.users.filter(options.keep) : result.users));
		options.onPage?.(page, users.length);
		if (options.limit !== undefined && users.length >= options.limit) return users.slice(0, options.limit);
		page = result.next;
	}
	return users;
}
