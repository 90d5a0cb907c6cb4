/**
 * The Simplified output is sheet-friendly: for every data type, records from two different providers give the
 * identical columns, in the same order, every one present (null when the provider has no value), led by the user,
 * the date and the id. The second provider answers sparsely (each record keeps only its IDs and times, as a
 * provider that tracks less would), so a column that depended on the data would show. Selected Fields outputs the
 * user and the listed dot paths. An emulator with 24 users, so each type (menstruation too) has data from at least
 * two providers.
 */
import type { IDataObject } from 'n8n-workflow';

import { TERRA_DATA_TYPES } from '../../nodes/Terra/actions/data/catalogue';
import type { TerraEmulator } from '../../emulator';
import { byId, days, jsonOf, runTerra, terraDirect, useEmulator, type Surface } from './support';

const emulator = useEmulator({ users: 24 });

/** Users with records of this type in the first half of March 2024, one per provider. */
async function usersWithData(path: string, surface: Surface) {
	const found: Array<{ user: TerraEmulator['users'][number]; body: IDataObject }> = [];
	const base = surface === 'legacy' ? emulator().legacyBaseUrl : emulator().baseUrl;
	for (const user of emulator().users) {
		if (found.some((other) => other.user.provider === user.provider)) continue;
		const dated = path === '/athlete' ? '' : '&start_date=2024-03-01&end_date=2024-03-15';
		const response = await fetch(`${base}${path}?user_id=${user.user_id}${dated}&to_webhook=false&with_samples=false`, {
			headers: { 'dev-id': emulator().devId, 'x-api-key': emulator().apiKey },
		});
		const body = (await response.json()) as IDataObject;
		if ((body.data as unknown[] | undefined)?.length || body.athlete) found.push({ user, body });
	}
	return found;
}

/** The same answer from a provider that tracks less: each record keeps only what identifies it and its times. */
function sparse(body: IDataObject): IDataObject {
	if (body.athlete) return { ...body, athlete: { first_name: (body.athlete as IDataObject).first_name } };
	const keep = ['start_time', 'end_time', 'summary_id', 'id', 'planned_date'];
	return {
		...body,
		data: (body.data as IDataObject[]).map((record) => ({
			metadata: Object.fromEntries(Object.entries(record.metadata as IDataObject).filter(([key]) => keep.includes(key))),
		})),
	};
}

describe.each(TERRA_DATA_TYPES.map((type) => [type.resource, type] as const))('Simplified %s', (resource, type) => {
	const surface: Surface = resource === 'plannedWorkoutLegacy' ? 'legacy' : 'current';
	const path = `/${resource === 'plannedWorkoutLegacy' ? 'plannedWorkout' : resource}`;

	it('gives two providers’ records the identical columns, led by user, date and record_id, none missing (at most 12)', async () => {
		const expected = [
			'user_id',
			'reference_id',
			'provider',
			...(type.dated ? ['date', 'record_id'] : []),
			...Object.keys(type.simplified.metrics),
		];
		expect(expected.length).toBeLessThanOrEqual(12);
		const users = await usersWithData(path, surface);
		expect(users.length).toBeGreaterThanOrEqual(2);
		const columnsPerProvider: string[][] = [];
		const nulls: number[] = [];
		for (const [index, { user, body }] of users.slice(0, 2).entries()) {
			if (index === 1) emulator().faults.inject({ method: 'GET', path }, { status: 200, body: sparse(body), times: 1 });
			const parameters = {
				resource,
				operation: type.dated ? 'getAll' : 'get',
				user: byId(user.user_id),
				...(type.dated ? days('2024-03-01', '2024-03-14') : {}),
			};
			const items = jsonOf(await runTerra(emulator(), parameters, { surface }));
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) {
				expect(Object.keys(item)).toEqual(expected);
				expect(Object.values(item).every((value) => value !== undefined)).toBe(true);
				expect(item).toEqual(expect.objectContaining({ user_id: user.user_id, reference_id: user.reference_id, provider: user.provider }));
			}
			columnsPerProvider.push([...new Set(items.flatMap((item) => Object.keys(item)))]);
			nulls.push(items.flatMap((item) => Object.values(item)).filter((value) => value === null).length);
		}
		expect(columnsPerProvider[1]).toEqual(columnsPerProvider[0]);
		// The sparse provider really lacked values: its missing metrics are there, as null.
		expect(nulls[1]).toBeGreaterThan(nulls[0]);
	});
});

describe('Selected Fields', () => {
	it('outputs the user and each listed path, null where a record has none', async () => {
		const user = emulator().users[0];
		const items = jsonOf(
			await runTerra(emulator(), {
				resource: 'sleep',
				operation: 'getAll',
				user: byId(user.user_id),
				...days('2024-03-01', '2024-03-07'),
				output: 'selected',
				fields: 'metadata.summary_id, heart_rate_data.summary.avg_hr_bpm, metadata.no_such_field',
			}),
		);
		const direct = (await terraDirect(
			emulator(),
			`/sleep?user_id=${user.user_id}&start_date=2024-03-01&end_date=2024-03-08&to_webhook=false&with_samples=false`,
		)).body as { data: IDataObject[] };
		expect(items).toEqual(
			direct.data.map((record) => ({
				user_id: user.user_id,
				reference_id: user.reference_id,
				provider: user.provider,
				'metadata.summary_id': (record.metadata as IDataObject).summary_id,
				'heart_rate_data.summary.avg_hr_bpm': ((record.heart_rate_data as IDataObject).summary as IDataObject).avg_hr_bpm,
				'metadata.no_such_field': null,
			})),
		);
	});
});
