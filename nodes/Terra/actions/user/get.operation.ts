import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readUserLocator, usersByReferenceId } from '../../helpers/users';
import { requireText, requireUuid } from '../../helpers/validation';
import { userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest } from '../define';

export const get = defineOperation({
	resource: 'user',
	operation: 'get',
	name: 'Get',
	action: 'Get user',
	endpoint: 'user:get',
	description:
		'Get a user by user ID, or every connection made under one reference ID (one item per provider)',
	properties: [userLocator],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const locator = readUserLocator(this, itemIndex);
		if (locator.mode === 'referenceId') {
			const referenceId = requireText(
				this.getNode(),
				itemIndex,
				'User (Reference ID)',
				locator.value,
				'Enter the reference ID you gave Terra when the user connected.',
			);
			// Terra answers a reference ID with a bare array: one user per provider connection.
			return await usersByReferenceId.call(this, referenceId, itemIndex);
		}
		const userId = requireUuid(this.getNode(), itemIndex, 'User', locator.value);
		const { body } = await request({ qs: { user_id: userId } });
		const response = (body ?? {}) as IDataObject;
		const user = (response.user ?? {}) as IDataObject;
		return { ...user, is_authenticated: response.is_authenticated };
	},
});
