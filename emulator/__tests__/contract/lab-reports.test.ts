/**
 * Contract: lab reports. Upload (multipart) to the completion webhook, list filters, session, deliveries, files,
 * delete; 400/403/404/413.
 */
import { call, multipart, PDF_BYTES } from '../helpers';
import { both, describeContract, useContractEmulator } from './setup';

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useContractEmulator();
	const { base, expectContract } = contract;

	describe('lab reports', () => {
		test('upload 202 -> webhook, list with filters, get, deliveries, files, delete; 400/403/404/413', async () => {
			await both(async (s) => {
				const ref = `patient-${s}`;
				const pdf = multipart({
					filename: 'report.pdf',
					contentType: 'application/pdf',
					data: PDF_BYTES,
				});
				let res = await call(contract.emu, base(s), 'POST', `/lab-reports?reference_id=${ref}`, {
					rawBody: pdf.body,
					contentType: pdf.contentType,
				});
				expect(res.status).toBe(202);
				expectContract(s, 'POST', '/lab-reports', res, { closed: s === 'current' });
				const uploadId = (res.body as { upload_id: string }).upload_id;
				await contract.emu.waitForDeliveries((all) =>
					all.some((d) => d.reference === uploadId && d.type === 'lab_report.completed'),
				);
				res = await call(
					contract.emu,
					base(s),
					'GET',
					`/lab-reports?upload_id=${uploadId}&uploaded_at_from=2020-01-01`,
				);
				const sessions = (
					res.body as { sessions: Array<{ session_id: string; current_status: string }> }
				).sessions;
				expect(sessions).toHaveLength(1);
				expect(sessions[0].current_status).toBe('completed');
				expectContract(s, 'GET', '/lab-reports', res, { closed: s === 'current' });
				const sid = sessions[0].session_id;
				res = await call(
					contract.emu,
					base(s),
					'GET',
					`/lab-reports?reference_id=${ref}&report_date_to=2000-01-01`,
				);
				expect((res.body as { sessions: unknown[] }).sessions).toHaveLength(0);
				res = await call(contract.emu, base(s), 'GET', '/lab-reports?report_date_from=01/01/2026');
				expect(res.status).toBe(400);
				expectContract(s, 'GET', '/lab-reports', res);
				res = await call(contract.emu, base(s), 'GET', `/lab-reports/${sid}`);
				expect(res.body).toEqual(
					expect.objectContaining({
						session_id: sid,
						reference_id: ref,
						results: expect.any(Array),
					}),
				);
				expectContract(s, 'GET', '/lab-reports/{session_id}', res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'GET', `/lab-reports/${sid}/deliveries`);
				expect((res.body as { deliveries: Array<{ status: string }> }).deliveries[0].status).toBe(
					'sent',
				);
				expectContract(s, 'GET', '/lab-reports/{session_id}/deliveries', res, {
					closed: s === 'current',
				});
				res = await call(contract.emu, base(s), 'GET', `/lab-reports/${sid}/files`);
				expectContract(s, 'GET', '/lab-reports/{session_id}/files', res, {
					closed: s === 'current',
				});
				const file = await call(
					contract.emu,
					(res.body as { files: Array<{ presigned_url: string }> }).files[0].presigned_url,
					'GET',
					'',
					{ auth: false },
				);
				expect(file.raw).toBe(PDF_BYTES.toString());
				for (const [url, status] of [
					['/lab-reports/not-a-snowflake', 400],
					['/lab-reports/123', 404],
				] as Array<[string, number]>) {
					res = await call(contract.emu, base(s), 'GET', url);
					expect(res.status).toBe(status);
					expectContract(s, 'GET', '/lab-reports/{session_id}', res);
				}
				res = await call(contract.emu, base(s), 'DELETE', `/lab-reports/${sid}`);
				expect(res.status).toBe(204);
				expectContract(s, 'DELETE', '/lab-reports/{session_id}', res);
				for (const sub of ['', '/deliveries', '/files']) {
					res = await call(contract.emu, base(s), sub ? 'GET' : 'DELETE', `/lab-reports/${sid}${sub}`);
					expect(res.status).toBe(404);
					expectContract(s, sub ? 'GET' : 'DELETE', `/lab-reports/{session_id}${sub}`, res);
				}
				const txt = multipart({
					filename: 'notes.txt',
					contentType: 'text/plain',
					data: Buffer.from('hello'),
				});
				res = await call(contract.emu, base(s), 'POST', '/lab-reports', {
					rawBody: txt.body,
					contentType: txt.contentType,
				});
				expect(res.status).toBe(400);
				expectContract(s, 'POST', '/lab-reports', res);
				res = await call(contract.emu, base(s), 'POST', '/lab-reports', { body: { file: 'nope' } });
				expect(res.status).toBe(400);
				const big = multipart({
					filename: 'huge.pdf',
					contentType: 'application/pdf',
					data: Buffer.concat([PDF_BYTES, Buffer.alloc(20 * 1024 * 1024)]),
				});
				res = await call(contract.emu, base(s), 'POST', '/lab-reports', {
					rawBody: big.body,
					contentType: big.contentType,
				});
				expect(res.status).toBe(413);
				expectContract(s, 'POST', '/lab-reports', res);
				contract.emu.faults.inject({ method: 'POST', path: '/lab-reports' }, { status: 403 });
				res = await call(contract.emu, base(s), 'POST', '/lab-reports', {
					rawBody: pdf.body,
					contentType: pdf.contentType,
				});
				expect(res.status).toBe(403);
				expectContract(s, 'POST', '/lab-reports', res);
			});
		});
	});
});
