import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { fetchSubscriptionsPage } from '../transport/pagination';

const PAGE_SIZE = 100;

function matches(user: IDataObject, filter: string): boolean {
	const needle = filter.trim().toLowerCase();
	if (!needle) return true;
	return [user.user_id, user.reference_id, user.provider].some(
		(value) => typeof value === 'string' && value.toLowerCase().includes(needle),
	);
}

/** Users for the User field's list: "PROVIDER · reference id · short id", searchable, one Terra page at a time. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 0) || 0;
	const { users, next } = await fetchSubscriptionsPage.call(this, page, PAGE_SIZE);
	return {
		results: users
			.filter((user) => matches(user, filter ?? ''))
			.map((user) => {
				const id = String(user.user_id);
				const reference = typeof user.reference_id === 'string' && user.reference_id ? user.reference_id : 'no reference ID';
				return { name: `${String(user.provider)} · ${reference} · ${id.slice(0, 8)}`, value: id };
			}),
		paginationToken: next === undefined ? undefined : String(next),
	};
}
