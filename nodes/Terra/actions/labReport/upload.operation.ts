import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput, requireBinaryProperty } from '../../helpers/validation';
import { defineOperation, type EndpointRequest } from '../define';

/** Terra's upload limits (LabReports_Upload): these types, at most 20 MB. */
const ACCEPTED_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export const upload = defineOperation({
	resource: 'labReport',
	operation: 'upload',
	name: 'Upload',
	action: 'Upload lab report',
	endpoint: 'labReport:upload',
	description: 'Upload a lab report file (PDF or image, max 20 MB) from the input item for processing',
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
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
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
		const { body } = await request({ qs: referenceId ? { reference_id: referenceId } : undefined, body: form });
		return body as IDataObject;
	},
});
