import { defineResource } from '../define';
import { remove } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getDeliveries } from './getDeliveries.operation';
import { getFiles } from './getFiles.operation';
import { upload } from './upload.operation';

export const labReport = defineResource(
	{ name: 'Lab Report', value: 'labReport', description: 'Upload lab reports and read their results' },
	[upload, getAll, get, remove, getDeliveries, getFiles],
);
