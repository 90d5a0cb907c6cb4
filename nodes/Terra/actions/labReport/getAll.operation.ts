import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { dateParameter } from '../../helpers/dates';
import { limitResults, listFrom } from '../../helpers/lists';
import { returnAllOrLimit } from '../common.descriptions';
import { defineOperation, type EndpointRequest } from '../define';

/** The date filters, by parameter name, with their labels (for errors). */
const DATE_FILTERS: Record<string, string> = {
	report_date_from: 'Report Date From',
	report_date_to: 'Report Date To',
	uploaded_at_from: 'Uploaded From',
	uploaded_at_to: 'Uploaded To',
};

export const getAll = defineOperation({
	resource: 'labReport',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many lab reports',
	endpoint: 'labReport:getAll',
	description: 'List lab report sessions, optionally filtered, one item per session',
	properties: [
		...returnAllOrLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Reference ID', name: 'reference_id', type: 'string', default: '' },
				{
					displayName: 'Report Date From',
					name: 'report_date_from',
					type: 'dateTime',
					default: '',
					description: 'Included. Only the date counts: the time part is ignored.',
				},
				{
					displayName: 'Report Date To',
					name: 'report_date_to',
					type: 'dateTime',
					default: '',
					description: 'Included. Only the date counts: the time part is ignored.',
				},
				{ displayName: 'Upload ID', name: 'upload_id', type: 'string', default: '' },
				{
					displayName: 'Uploaded From',
					name: 'uploaded_at_from',
					type: 'dateTime',
					default: '',
					description: 'Included. Only the date counts: the time part is ignored.',
				},
				{
					displayName: 'Uploaded To',
					name: 'uploaded_at_to',
					type: 'dateTime',
					default: '',
					description: 'Included. Only the date counts: the time part is ignored.',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		for (const [name, value] of Object.entries(filters)) {
			if (value === '' || value === undefined || value === null) continue;
			const dateLabel = DATE_FILTERS[name];
			// Terra's lab-report date filters are inclusive, like this node's dates: sent as they are.
			qs[name] = dateLabel ? dateParameter(this, itemIndex, dateLabel, value, true) : String(value).trim();
		}
		const { body } = await request({ qs });
		return limitResults(this, itemIndex, listFrom(body, 'sessions'));
	},
});
