import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { subtitleExpression } from './actions/define';
import { TERRA_RESOURCES } from './actions/resources';
import { router } from './actions/router';
import { getProviders, searchLabReports, searchPlannedWorkouts, searchUsers, searchWorkouts } from './methods/index';

const resources = Object.values(TERRA_RESOURCES);

/** The Resource picker, then each resource's Operation picker and parameters. */
const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'activity',
		options: resources.map((resource) => resource.option).sort((a, b) => a.name.localeCompare(b.name)),
	},
	...resources.flatMap((resource) => resource.properties),
];

export class Terra implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Terra',
		name: 'terra',
		icon: { light: 'file:../../icons/terra.svg', dark: 'file:../../icons/terra.dark.svg' },
		group: ['transform'],
		// 1.1 shows Reference ID as a field of its own on Generate Auth Link and Widget Session; 1 keeps it under
		// Additional Fields, where workflows saved with version 1 have it.
		version: [1, 1.1],
		defaultVersion: 1.1,
		// "Get Many: Sleep": generated from the resources, as a literal could not list 41 operations readably.
		subtitle: subtitleExpression(resources),
		description:
			'Get wearable and health-app data (activity, sleep, body, daily, nutrition, menstruation, athlete) and manage users, workouts and lab reports with the Terra API',
		defaults: { name: 'Terra' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'terraApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchLabReports, searchPlannedWorkouts, searchUsers, searchWorkouts },
		loadOptions: { getProviders },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
