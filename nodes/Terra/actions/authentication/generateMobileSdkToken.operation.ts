import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { defineOperation, type EndpointRequest } from '../define';

export const generateMobileSdkToken = defineOperation({
	resource: 'authentication',
	operation: 'generateMobileSdkToken',
	name: 'Generate Mobile SDK Token',
	action: 'Generate mobile SDK token',
	endpoint: 'authentication:generateMobileSdkToken',
	description: 'Get a single-use token (valid 3 minutes) that your app passes to Terra’s mobile SDK to connect a user',
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const response = await request();
		return response.body as IDataObject;
	},
});
