import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { defineOperation, type EndpointRequest } from '../define';

export const generateMobileSdkToken = defineOperation({
	resource: 'authentication',
	operation: 'generateMobileSdkToken',
	name: 'Generate Mobile SDK Token',
	action: 'Generate a mobile SDK token',
	endpoint: 'authentication:generateMobileSdkToken',
	description: 'Get a single-use token (valid 3 minutes) for the mobile SDK’s initConnection',
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const response = await request();
		return response.body as IDataObject;
	},
});
