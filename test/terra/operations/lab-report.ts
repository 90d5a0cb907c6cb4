/** The Lab Report resource: upload a file, list, read the session and its deliveries and files, delete, in order. */
import type { IDataObject } from 'n8n-workflow';

import { jsonOf, runTerra, terraDirect, TINY_PDF } from '../support';
import type { OperationsContext } from './context';

export function labReportCases({ emulator, onlyRequest }: OperationsContext): void {
	describe('Lab Report', () => {
		let sessionId = '';

		it('Upload sends the input item’s binary file as multipart form data', async () => {
			const [item] = jsonOf(
				await runTerra(
					emulator(),
					{ resource: 'labReport', operation: 'upload', binaryPropertyName: 'report', referenceId: 'patient-9' },
					{
						input: [
							{
								json: {},
								binary: {
									report: {
										data: TINY_PDF.toString('base64'),
										mimeType: 'application/pdf',
										fileName: 'blood-panel.pdf',
									},
								},
							},
						],
					},
				),
			);
			const request = onlyRequest('labReport:upload');
			expect(request.query).toEqual({ reference_id: 'patient-9' });
			expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
			const files = (request.body as { files: Array<Record<string, unknown>> }).files;
			expect(files).toEqual([
				expect.objectContaining({ field: 'file', filename: 'blood-panel.pdf', contentType: 'application/pdf', size: TINY_PDF.length }),
			]);
			expect(request.status).toBe(202);
			expect(item).toEqual({ upload_id: expect.any(String), current_status: expect.any(String) });

			emulator().clearRequests();
			const sessions = jsonOf(
				await runTerra(emulator(), {
					resource: 'labReport',
					operation: 'getAll',
					returnAll: true,
					filters: { upload_id: String(item.upload_id), reference_id: 'patient-9' },
				}),
			);
			expect(onlyRequest('labReport:getAll').query).toEqual({ upload_id: String(item.upload_id), reference_id: 'patient-9' });
			expect(sessions.length).toBeGreaterThan(0);
			expect(sessions.every((session) => session.upload_id === item.upload_id)).toBe(true);
			sessionId = String(sessions[0].session_id);
		});

		it('Get, Get Deliveries and Get Files read the session’s sub-resources', async () => {
			const [session] = jsonOf(await runTerra(emulator(), { resource: 'labReport', operation: 'get', sessionId }));
			expect(onlyRequest('labReport:get').path).toBe(`/lab-reports/${sessionId}`);
			expect(session.session_id).toBe(sessionId);

			emulator().clearRequests();
			const deliveries = jsonOf(await runTerra(emulator(), { resource: 'labReport', operation: 'getDeliveries', sessionId }));
			expect(onlyRequest('labReport:getDeliveries').path).toBe(`/lab-reports/${sessionId}/deliveries`);
			const directDeliveries = (await terraDirect(emulator(), `/lab-reports/${sessionId}/deliveries`)).body as { deliveries: IDataObject[] };
			expect(deliveries).toEqual(directDeliveries.deliveries.map((delivery) => ({ session_id: sessionId, ...delivery })));

			emulator().clearRequests();
			const files = jsonOf(await runTerra(emulator(), { resource: 'labReport', operation: 'getFiles', sessionId }));
			expect(onlyRequest('labReport:getFiles').path).toBe(`/lab-reports/${sessionId}/files`);
			expect(files.length).toBeGreaterThan(0);
			expect(files[0]).toEqual(expect.objectContaining({ session_id: sessionId }));
		});

		it('Delete answers 204 and outputs {deleted: true}', async () => {
			const items = jsonOf(await runTerra(emulator(), { resource: 'labReport', operation: 'delete', sessionId }));
			expect(onlyRequest('labReport:delete').status).toBe(204);
			expect(items).toEqual([{ session_id: sessionId, deleted: true }]);
			expect((await terraDirect(emulator(), `/lab-reports/${sessionId}`)).status).toBe(404);
		});
	});
}
