import { defineResource } from '../define';
import { getAll } from './getAll.operation';
import { getAllDetailed } from './getAllDetailed.operation';

export const integration = defineResource(
	{ name: 'Provider', value: 'integration', description: 'Wearables and health apps Terra can connect to' },
	[getAll, getAllDetailed],
);
