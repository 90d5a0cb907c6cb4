import { defineResource } from '../define';
import { getAll } from './getAll.operation';
import { getAllDetailed } from './getAllDetailed.operation';

export const integration = defineResource(
	{ name: 'Integration', value: 'integration', description: 'Providers Terra can connect to' },
	[getAll, getAllDetailed],
);
