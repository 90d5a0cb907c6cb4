/**
 * “All Connected Users”: lists the users through /subscriptions (filtered here, as Terra cannot), then pulls each
 * one with bounded concurrency. A 429 from Terra for any of them pauses all of them (RequestGate) and is retried
 * within the wait budget. A failing user never loses the others' data: with Continue on Fail it becomes an error
 * item carrying user_id, provider and reference_id; without it, the node fails with an error that names the user.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { mapWithConcurrency } from '../../helpers/concurrency';
import { listConnectedUsers, tagWithUser, type TerraUser, type UserFilters } from '../../helpers/users';
import { RequestGate } from '../../transport/gate';
import { SUBSCRIPTIONS_MAX_PAGE_SIZE } from '../../transport/pagination';
import { ItemFailure, type EndpointRequest } from '../define';
import { fetchWindows, pullItems, type PullPlan } from './pull';

function clamp(value: number | undefined, min: number, max: number, fallback: number): number {
	return Math.min(max, Math.max(min, Math.floor(value ?? fallback)));
}

/** The error of one user's pull, tagged with the user and saying who: “User 2f1c… (GARMIN, reference c-42): …”. */
function userFailure(
	context: IExecuteFunctions,
	error: unknown,
	user: TerraUser,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const failure =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	const reference = user.reference_id ? `, reference ${user.reference_id}` : '';
	failure.message = `User ${user.user_id} (${user.provider}${reference}): ${failure.message}`;
	return tagWithUser(failure, user);
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
			const failure = userFailure(context, error, user, itemIndex);
			if (continueOnFail) return [new ItemFailure(failure)];
			throw failure;
		}
	});
	return perUser.flat();
}
