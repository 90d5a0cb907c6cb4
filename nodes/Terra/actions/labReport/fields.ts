import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, locatorValue, requireText } from '../../helpers/validation';
import { idLocator } from '../common.descriptions';

export const sessionId: INodeProperties = idLocator({
	displayName: 'Lab Report',
	name: 'sessionId',
	searchListMethod: 'searchLabReports',
	listPlaceholder: 'Select a lab report...',
	idPlaceholder: 'e.g. 297405620317847552',
	description:
		'The lab report session: pick it from the list, or give its session ID (from Get Many or a Terra Trigger lab report event)',
});

export function requireSessionId(context: IExecuteFunctions, itemIndex: number): string {
	const id = requireText(
		context.getNode(),
		itemIndex,
		'Session ID',
		locatorValue(context, 'sessionId', itemIndex),
		'Pick a lab report from the list, or use a session ID from Lab Report → Get Many or from a Lab Report Completed event.',
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
