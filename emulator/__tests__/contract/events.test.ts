/**
 * Contract: the webhook bodies the emulator delivers vs the spec's `*Event` schemas.
 *
 * In the single contract file this test came last and checked whatever the suite's requests had made the emulator
 * deliver. On its own it first causes the same deliveries (beforeAll): per surface a deauthentication, the
 * to_webhook acknowledgements of every dated data type and of the athlete, and a lab report upload; on the current
 * surface one large range (large_request_processing, large_request_sending, then its daily chunks). Those are the
 * event types, and counts, the whole suite delivered before the split.
 */
import { componentSchema, formatErrors, validate } from '../contract-specs';
import { call, multipart, PDF_BYTES, type CallOptions } from '../helpers';
import { describeContract, EVENT_SCHEMAS, SURFACES, useContractEmulator, type Surface } from './setup';

const DATED = ['/activity', '/body', '/daily', '/menstruation', '/nutrition', '/sleep', '/plannedWorkout'];
/** The deliveries each surface's requests in beforeAll cause, one of each. */
const EVENTS_PER_SURFACE = [
	'deauth',
	'activity',
	'body',
	'daily',
	'menstruation',
	'nutrition',
	'sleep',
	'planned_workout',
	'athlete',
	'lab_report.completed',
];

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useContractEmulator();

	describe('webhook bodies vs the spec `*Event` schemas', () => {
		// The deliveries the rest of the contract suite used to cause before this test ran (see the header).
		beforeAll(async () => {
			const { emu, userId } = contract;
			const fitbitUserId = emu.users.find((u, i) => i > 0 && u.provider === 'FITBIT')!.user_id;
			const send = async (s: Surface, method: string, path: string, options?: CallOptions) => {
				const res = await call(emu, contract.base(s), method, path, options);
				if (res.status >= 300) throw new Error(`setup: ${s} ${method} ${path} -> ${res.status} ${res.raw.slice(0, 300)}`);
			};
			for (const s of SURFACES) {
				await send(s, 'DELETE', `/auth/deauthenticateUser?user_id=${emu.users[emu.users.length - 1].user_id}`);
				for (const t of DATED) {
					const user = t === '/menstruation' ? fitbitUserId : userId;
					await send(s, 'GET', `${t}?user_id=${user}&start_date=2026-06-01&end_date=2026-06-03`);
				}
				await send(s, 'GET', `/athlete?user_id=${userId}`);
				const pdf = multipart({ filename: 'report.pdf', contentType: 'application/pdf', data: PDF_BYTES });
				await send(s, 'POST', `/lab-reports?reference_id=patient-${s}`, {
					rawBody: pdf.body,
					contentType: pdf.contentType,
				});
			}
			await send('current', 'GET', `/daily?user_id=${userId}&start_date=2026-01-01&end_date=2026-03-15`);
			await emu.waitForDeliveries((all) => {
				const count = (type: string) => all.filter((d) => d.type === type).length;
				const sending = all.find((d) => d.type === 'large_request_sending');
				const expectedChunks = (sending?.body as { expected_payloads?: number } | undefined)?.expected_payloads;
				const chunks = all.filter((d) => d.type === 'daily' && d.reference === sending?.reference).length;
				return (
					EVENTS_PER_SURFACE.every((type) => count(type) >= SURFACES.length) &&
					count('large_request_processing') === 1 &&
					expectedChunks !== undefined &&
					chunks === expectedChunks
				);
			}, 30_000);
		}, 60_000);

		test('every event the emulator delivered in this suite matches its event schema', async () => {
			await contract.emu.waitForDeliveries((all) => all.length > 0);
			const seen = new Set<string>();
			for (const d of contract.emu.deliveries) {
				const schemaName = EVENT_SCHEMAS[d.type];
				if (!schemaName) continue;
				seen.add(d.type);
				const errors = validate(contract.specs.current, componentSchema(contract.specs.current, schemaName), d.body);
				if (errors.length)
					throw new Error(`${d.type} delivery violates ${schemaName}:\n${formatErrors(errors)}`);
			}
			expect([...seen]).toEqual(
				expect.arrayContaining([
					'activity',
					'athlete',
					'sleep',
					'deauth',
					'lab_report.completed',
					'large_request_processing',
					'large_request_sending',
				]),
			);
		});
	});
});
