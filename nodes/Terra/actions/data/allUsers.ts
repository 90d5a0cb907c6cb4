/**
 * “All Connected Users”: lists the users through /subscriptions (filtered here, as Terra cannot), then pulls each
 * one with bounded concurrency. A 429 from Terra for any of them pauses all of them (RequestGate) and is retried
 * within the wait budget. A failing user never loses the others' data: with Continue on Fail it becomes an error
 * item carrying user_id, provider and reference_id; without it, the node fails with an error that names the user.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mapWithConcurrency } from '../../helpers/concurrency';
import { listConnectedUsers, tagWithUser, type TerraUser, type UserFilters } from '../../helpers/users';
import { RequestGate } from '../../transport/gate';
import { SUBSCRIPTIONS_MAX_PAGE_SIZE } from '../../transport/pagination';
import { ItemFailure, type EndpointRequest } from '../define';
import { fetchWindows, pullItems, type PullPlan } from './pull';

function clamp(value: number | undefined, min: number, max: number, fallback: number): number {
	return Math.min(max, Math.max(min, Math.floor(value ?? fallback)));
}

/** “User 2f1c… (GARMIN, reference customer-42): Terra API error 404: user not found”. */
function namingUser(error: unknown, user: TerraUser): unknown {
	if (error instanceof Error) {
		const reference = user.reference_id ? `, reference ${user.reference_id}` : '';
		error.message = `User ${user.user_id} (${user.provider}${reference}): ${error.message}`;
	}
	return error;
}

export async function pullAllUsers(
	context: IExecuteFunctions,
	itemIndex: number,
	plan: PullPlan,
	request: EndpointRequest,
): Promise<Array<IDataObject | ItemFailure>> {
	const filters = context.getNodeParameter('userFilters', itemIndex, {}) as UserFilters;
	const pageSize = clamp(plan.options.userPageSize, 1, SUBSCRIPTIONS_MAX_PAGE_SIZE, SUBSCRIPTIONS_MAX_PAGE_SIZE);
	const users = await listConnectedUsers.call(context, itemIndex, filters, pageSize);
	context.logger.info(`Terra ${plan.type.resource}: fetching ${users.length} connected users`);

	const gate = new RequestGate();
	const continueOnFail = context.continueOnFail();
	const perUser = await mapWithConcurrency(users, clamp(plan.options.userConcurrency, 1, 10, 4), async (user) => {
		try {
			const responses = await fetchWindows(context, itemIndex, plan, request, user.user_id, gate);
			return pullItems(context, itemIndex, plan, responses, user);
		} catch (error) {
			namingUser(tagWithUser(error, user), user);
			if (continueOnFail) return [new ItemFailure(error)];
			throw error;
		}
	});
	return perUser.flat();
}
