import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, requireBinaryProperty, requireText } from '../../helpers/validation';
import { terraRequest } from '../../transport';
import { calendarDate } from '../../helpers/dates';
import { limitResults, listFrom } from '../../helpers/lists';
import { returnAllOrLimit } from '../common.descriptions';
import { defineOperation, defineResource } from '../define';

/** Terra's upload limits (LabReports_Upload): these types, at most 20 MB. */
const ACCEPTED_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const sessionId: INodeProperties = {
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 297405620317847552',
	description: 'The lab report session ID (from Get Many, or the lab_report webhook event)',
};

function requireSessionId(context: IExecuteFunctions, itemIndex: number): string {
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

const upload = defineOperation({
	resource: 'labReport',
	operation: 'upload',
	name: 'Upload',
	action: 'Upload a lab report',
	endpoints: ['labReport:upload'],
	summary: 'Upload a lab report file (PDF or image, max 20 MB) from the input item for processing',
	properties: [
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input item’s binary field that holds the file',
		},
		{
			displayName: 'Reference ID',
			name: 'referenceId',
			type: 'string',
			default: '',
			placeholder: 'e.g. customer-42',
			description: 'Your own ID for the patient; every session and event of this upload carries it',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const node = this.getNode();
		const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
		requireBinaryProperty(this, itemIndex, property);
		const binary = this.helpers.assertBinaryData(itemIndex, property);
		const mimeType = (binary.mimeType ?? '').split(';')[0].trim().toLowerCase();
		if (!ACCEPTED_TYPES.includes(mimeType)) {
			throw invalidInput(
				node,
				itemIndex,
				`Terra cannot read “${binary.fileName ?? property}” (${mimeType || 'unknown type'})`,
				'Upload a PDF, PNG, JPEG, GIF or WebP file.',
			);
		}
		const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, property);
		if (buffer.length > MAX_UPLOAD_BYTES) {
			throw invalidInput(
				node,
				itemIndex,
				`“${binary.fileName ?? property}” is ${(buffer.length / 1024 / 1024).toFixed(1)} MB; Terra accepts up to 20 MB`,
				'Compress or split the report before uploading.',
			);
		}
		const form = new FormData();
		form.append('file', new Blob([new Uint8Array(buffer)], { type: mimeType }), binary.fileName ?? 'report');
		const referenceId = String(this.getNodeParameter('referenceId', itemIndex, '')).trim();
		const { body } = await terraRequest.call(this, {
			endpoint: 'labReport:upload',
			qs: referenceId ? { reference_id: referenceId } : undefined,
			body: form,
			itemIndex,
		});
		return body as IDataObject;
	},
});

const getAll = defineOperation({
	resource: 'labReport',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many lab reports',
	endpoints: ['labReport:getAll'],
	summary: 'List lab report sessions, optionally filtered, one item per session',
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
				{ displayName: 'Report Date From', name: 'report_date_from', type: 'dateTime', default: '' },
				{ displayName: 'Report Date To', name: 'report_date_to', type: 'dateTime', default: '' },
				{ displayName: 'Upload ID', name: 'upload_id', type: 'string', default: '' },
				{ displayName: 'Uploaded From', name: 'uploaded_at_from', type: 'dateTime', default: '' },
				{ displayName: 'Uploaded To', name: 'uploaded_at_to', type: 'dateTime', default: '' },
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		for (const [name, value] of Object.entries(filters)) {
			if (value === '' || value === undefined || value === null) continue;
			if (name.includes('_from') || name.includes('_to')) {
				const date = calendarDate(value);
				if (!date) {
					throw invalidInput(this.getNode(), itemIndex, `Filter “${name}” is not a valid date`, 'Pick a date, e.g. 2026-01-31.');
				}
				qs[name] = date;
			} else {
				qs[name] = String(value).trim();
			}
		}
		const { body } = await terraRequest.call(this, { endpoint: 'labReport:getAll', qs, itemIndex });
		return limitResults(this, itemIndex, listFrom(body, 'sessions'));
	},
});

const get = defineOperation({
	resource: 'labReport',
	operation: 'get',
	name: 'Get',
	action: 'Get a lab report',
	endpoints: ['labReport:get'],
	summary: 'Get one lab report session with its extracted results',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireSessionId(this, itemIndex);
		const { body } = await terraRequest.call(this, {
			endpoint: 'labReport:get',
			pathParams: { session_id: id },
			itemIndex,
		});
		return body as IDataObject;
	},
});

const remove = defineOperation({
	resource: 'labReport',
	operation: 'delete',
	name: 'Delete',
	action: 'Delete a lab report',
	endpoints: ['labReport:delete'],
	summary: 'Delete a lab report session',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireSessionId(this, itemIndex);
		await terraRequest.call(this, { endpoint: 'labReport:delete', pathParams: { session_id: id }, itemIndex });
		return { session_id: id, deleted: true };
	},
});

const getDeliveries = defineOperation({
	resource: 'labReport',
	operation: 'getDeliveries',
	name: 'Get Deliveries',
	action: 'Get lab report deliveries',
	endpoints: ['labReport:getDeliveries'],
	summary: 'List where a session’s results were delivered and how each delivery went, one item per destination',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireSessionId(this, itemIndex);
		const { body } = await terraRequest.call(this, {
			endpoint: 'labReport:getDeliveries',
			pathParams: { session_id: id },
			itemIndex,
		});
		return listFrom(body, 'deliveries').map((delivery) => ({ session_id: id, ...delivery }));
	},
});

const getFiles = defineOperation({
	resource: 'labReport',
	operation: 'getFiles',
	name: 'Get Files',
	action: 'Get lab report files',
	endpoints: ['labReport:getFiles'],
	summary: 'List a session’s input files with short-lived download URLs, one item per file',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireSessionId(this, itemIndex);
		const { body } = await terraRequest.call(this, {
			endpoint: 'labReport:getFiles',
			pathParams: { session_id: id },
			itemIndex,
		});
		const expiresAt = (body as IDataObject | undefined)?.expires_at;
		return listFrom(body, 'files').map((file) => ({
			session_id: id,
			...file,
			...(expiresAt ? { expires_at: expiresAt } : {}),
		}));
	},
});

export const labReport = defineResource(
	{ name: 'Lab Report', value: 'labReport', description: 'Upload lab reports and read their results' },
	[upload, getAll, get, remove, getDeliveries, getFiles],
);
