/**
 * Contract: the emulator covers the whole contract. Every operation of the three spec versions is routed on both
 * surfaces, and every sample event (buildSampleEvent, what `npm run send-event` sends) matches its event schema.
 */
import { buildSampleEvent, TERRA_EVENT_TYPES } from '../..';
import { ROUTES } from '../../emulator';
import { componentSchema, formatErrors, validate } from '../contract-specs';
import { describeContract, EVENT_SCHEMAS, SURFACES, useSpecs } from './setup';

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useSpecs();

	describe('coverage', () => {
		test('every operation of all three spec versions is routed on both surfaces', () => {
			const missing: string[] = [];
			for (const spec of Object.values(contract.specs)) {
				for (const [p, ops] of Object.entries(
					(spec.doc.paths ?? {}) as Record<string, Record<string, unknown>>,
				)) {
					for (const method of Object.keys(ops).filter((m) =>
						['get', 'post', 'put', 'patch', 'delete'].includes(m),
					)) {
						const pattern = p.replace(/\{([^}]+)\}/g, ':$1');
						for (const surface of SURFACES) {
							if (
								!ROUTES.some(
									(r) =>
										r.method === method.toUpperCase() &&
										r.pattern === pattern &&
										r.surfaces.includes(surface),
								)
							)
								missing.push(`${spec.name} ${surface} ${method.toUpperCase()} ${p}`);
						}
					}
				}
			}
			expect(missing).toEqual([]);
		});

		test.each([...TERRA_EVENT_TYPES])(
			'buildSampleEvent(%s) matches the spec event schema',
			(type) => {
				const name = EVENT_SCHEMAS[type] ?? 'WebhookEvent';
				for (const seed of [1, 2, 3]) {
					const event = buildSampleEvent(type, { seed, date: '2026-06-0' + seed });
					const errors = validate(contract.specs.current, componentSchema(contract.specs.current, name), event);
					if (errors.length)
						throw new Error(`${type} (seed ${seed}) violates ${name}:\n${formatErrors(errors)}`);
					if (EVENT_SCHEMAS[type])
						expect(
							validate(contract.specs.current, componentSchema(contract.specs.current, 'WebhookEventType'), event),
						).toEqual([]);
				}
			},
		);
	});
});
