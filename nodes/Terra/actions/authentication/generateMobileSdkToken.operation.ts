import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { terraRequest } from '../../transport';
import { defineOperation } from '../define';

export const generateMobileSdkToken = defineOperation({
	resource: 'authentication',
	operation: 'generateMobileSdkToken',
	name: 'Generate Mobile SDK Token',
	action: 'Generate a mobile SDK token',
	endpoints: ['authentication:generateMobileSdkToken'],
	summary: 'Get a single-use token (valid 3 minutes) for the mobile SDK’s initConnection',
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const response = await terraRequest.call(this, {
			endpoint: 'authentication:generateMobileSdkToken',
			itemIndex,
		});
		return response.body as IDataObject;
	},
});
