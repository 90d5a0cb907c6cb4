import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { terraRequest } from '../../transport';
import { userLocator } from '../common.descriptions';
import { defineOperation } from '../define';

export const deauthenticateUser = defineOperation({
	resource: 'authentication',
	operation: 'deauthenticateUser',
	name: 'Deauthenticate User',
	action: 'Deauthenticate a user',
	endpoints: ['authentication:deauthenticateUser'],
	summary: 'Disconnect a user and delete everything Terra holds for them, including cached data',
	properties: [userLocator],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const userId = await resolveUserId.call(this, itemIndex);
		const response = await terraRequest.call(this, {
			endpoint: 'authentication:deauthenticateUser',
			qs: { user_id: userId },
			itemIndex,
		});
		return { deleted: true, user_id: userId, status: (response.body as IDataObject | undefined)?.status };
	},
});
