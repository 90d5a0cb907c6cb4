import type { IExecuteFunctions } from 'n8n-workflow';

import { WITHOUT_SCHEMA_WALK } from '../../helpers/parameters';
import { resolveUser, tagWithUser } from '../../helpers/users';
import { defineOperation, type EndpointRequest, type TerraOperation } from '../define';
import { pullAllUsers } from './allUsers';
import type { TerraDataType } from './catalogue';
import { getProperties } from './get.properties';
import { fetchWindows, pullItems, readPullPlan } from './pull';

export function createGetOperation(type: TerraDataType): TerraOperation {
	return defineOperation({
		resource: type.resource,
		operation: type.dated ? 'getAll' : 'get',
		name: type.dated ? 'Get Many' : 'Get',
		action: type.dated ? `Get many ${type.plural}` : `Get ${type.plural}`,
		endpoint: type.getEndpoint,
		description: type.dated
			? `Get ${type.plural} for one user or every connected user, for a range of days`
			: `Get the ${type.plural.replace(/s$/, '')} of one user or of every connected user`,
		properties: getProperties(type),
		async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
			const plan = readPullPlan(this, itemIndex, type);
			if (this.getNodeParameter('userScope', itemIndex, 'one', WITHOUT_SCHEMA_WALK) === 'all') {
				return await pullAllUsers(this, itemIndex, plan, request);
			}
			const user = await resolveUser.call(this, itemIndex);
			try {
				return pullItems(this, itemIndex, plan, await fetchWindows(this, itemIndex, plan, request, user.user_id), user);
			} catch (error) {
				throw tagWithUser(error, user);
			}
		},
	});
}
