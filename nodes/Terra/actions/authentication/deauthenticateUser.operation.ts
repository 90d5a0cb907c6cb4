import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest } from '../define';

export const deauthenticateUser = defineOperation({
	resource: 'authentication',
	operation: 'deauthenticateUser',
	name: 'Deauthenticate User',
	action: 'Deauthenticate user',
	endpoint: 'authentication:deauthenticateUser',
	description: 'Disconnect a user and delete everything Terra holds for them, including cached data',
	properties: [
		{
			displayName:
				'This disconnects the user and deletes all of their data at Terra. It cannot be undone: the person has to connect again, as a new Terra user.',
			name: 'deauthenticateWarning',
			type: 'notice',
			default: '',
		},
		userLocator,
	],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const userId = await resolveUserId.call(this, itemIndex);
		const response = await request({ qs: { user_id: userId } });
		return { deleted: true, user_id: userId, status: (response.body as IDataObject | undefined)?.status };
	},
});
