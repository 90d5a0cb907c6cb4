import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readUserLocator } from '../../helpers/users';
import { invalidInput, requireUuid } from '../../helpers/validation';
import { userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest } from '../define';

export const update = defineOperation({
	resource: 'user',
	operation: 'update',
	name: 'Update',
	action: 'Update user',
	endpoint: 'user:update',
	description: 'Change a user’s reference ID or active flag (on Terra’s older API)',
	properties: [
		{
			displayName:
				'Terra keeps this operation only on its older API. Inactive users receive no data updates.',
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
					description: 'Your own ID for this end user',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
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
		const response = await request({ pathParams: { user_id: userId }, body });
		const result = (response.body ?? {}) as IDataObject;
		return { ...((result.user ?? {}) as IDataObject), status: result.status };
	},
});
