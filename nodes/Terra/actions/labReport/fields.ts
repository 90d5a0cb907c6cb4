import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, requireText } from '../../helpers/validation';

export const sessionId: INodeProperties = {
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 297405620317847552',
	description: 'The lab report session ID (from Get Many, or the lab_report webhook event)',
};

export function requireSessionId(context: IExecuteFunctions, itemIndex: number): string {
	const id = requireText(
		context.getNode(),
		itemIndex,
		'Session ID',
		context.getNodeParameter('sessionId', itemIndex),
		'Use a session_id from Lab Report → Get Many or from a lab_report.completed event.',
	);
	if (!/^[\w-]{1,128}$/.test(id)) {
		throw invalidInput(
			context.getNode(),
			itemIndex,
			`“Session ID” is not a lab report session ID: “${id.slice(0, 60)}”`,
			'Session IDs are long numbers such as 297405620317847552.',
		);
	}
	return id;
}
