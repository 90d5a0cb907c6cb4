import { defineResource } from '../define';
import { deauthenticateUser } from './deauthenticateUser.operation';
import { generateAuthLink } from './generateAuthLink.operation';
import { generateMobileSdkToken } from './generateMobileSdkToken.operation';
import { generateWidgetSession } from './generateWidgetSession.operation';

export const authentication = defineResource(
	{
		name: 'Authentication',
		value: 'authentication',
		description: 'Connect end users’ provider accounts to Terra, or disconnect them',
	},
	[generateAuthLink, generateWidgetSession, generateMobileSdkToken, deauthenticateUser],
	'generateWidgetSession',
);
