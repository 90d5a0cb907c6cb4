import { defineResource } from '../define';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getBulk } from './getBulk.operation';
import { update } from './update.operation';

export const user = defineResource(
	{ name: 'User', value: 'user', description: 'Terra users: one per end user and provider connection' },
	[get, getAll, getBulk, update],
);
