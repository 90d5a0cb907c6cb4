/**
 * The resource locators' lists (issue 19): workout templates, a user's planned workouts and lab reports, loaded
 * through n8n-core's LoadOptionsContext from the emulator; and the By ID / bare values older workflows saved.
 */
import type { INodeParameters } from 'n8n-workflow';

import { byId, credentialsFor, jsonOf, runTerra, TERRA_NODE, TINY_PDF, useEmulator } from './support';
import { runListSearch } from '../harness/n8n';

const emulator = useEmulator();

async function list(method: string, parameters: INodeParameters, path: string, filter?: string) {
	return await runListSearch({ node: TERRA_NODE, parameters, credentials: credentialsFor(emulator()), method, path, filter });
}

describe('resource locator lists', () => {
	const garmin = () => emulator().users.find((user) => user.provider === 'GARMIN')!;
	let workoutId = '';
	let plannedWorkoutId = '';
	let sessionId = '';

	beforeAll(async () => {
		const stepBlocks = [{ completion_condition: { type: 'reps', value: 1 }, steps: [{ completion_condition: { type: 'time', value: 600 }, intensity_type: 'warmup' }] }];
		[{ workout_id: workoutId }] = jsonOf(
			await runTerra(emulator(), { resource: 'workout', operation: 'create', name: 'Tempo 40', sport: 'running', stepBlocks: JSON.stringify(stepBlocks) }),
		) as Array<{ workout_id: string }>;
		workoutId = String(workoutId);
		const [planned] = jsonOf(
			await runTerra(emulator(), { resource: 'workout', operation: 'plan', workoutId: byId(workoutId), user: byId(garmin().user_id), plannedDate: '2026-12-03T00:00:00' }),
		);
		plannedWorkoutId = String(planned.planned_workout_id);
		const [upload] = jsonOf(
			await runTerra(
				emulator(),
				{ resource: 'labReport', operation: 'upload', binaryPropertyName: 'data', referenceId: 'patient-list' },
				{ input: [{ json: {}, binary: { data: { data: TINY_PDF.toString('base64'), mimeType: 'application/pdf', fileName: 'panel.pdf' } } }] },
			),
		);
		expect(upload.upload_id).toEqual(expect.any(String));
		const sessions = jsonOf(await runTerra(emulator(), { resource: 'labReport', operation: 'getAll', returnAll: true, filters: { reference_id: 'patient-list' } }));
		sessionId = String(sessions[0].session_id);
	});

	it('Workout Template lists the templates by name with their ID, and searches', async () => {
		const parameters = { resource: 'workout', operation: 'get' };
		const all = await list('searchWorkouts', parameters, 'parameters.workoutId');
		expect(all.results).toContainEqual({ name: `Tempo 40 (${workoutId})`, value: workoutId });
		expect((await list('searchWorkouts', parameters, 'parameters.workoutId', 'tempo')).results.map((result) => result.value)).toContain(workoutId);
		expect((await list('searchWorkouts', parameters, 'parameters.workoutId', 'no such workout')).results).toEqual([]);
	});

	it('Planned Workout lists the chosen user’s planned workouts, and nothing before a user is chosen', async () => {
		const parameters = { resource: 'plannedWorkout', operation: 'get', user: byId(garmin().user_id) };
		const planned = await list('searchPlannedWorkouts', parameters, 'parameters.plannedWorkoutId');
		expect(planned.results).toContainEqual({ name: `2026-12-03 · workout ${workoutId} · ID ${plannedWorkoutId}`, value: plannedWorkoutId });
		const noUser = await list('searchPlannedWorkouts', { resource: 'plannedWorkout', operation: 'get' }, 'parameters.plannedWorkoutId');
		expect(noUser.results).toEqual([]);
	});

	it('Lab Report lists the sessions with their reference ID and status', async () => {
		const sessions = await list('searchLabReports', { resource: 'labReport', operation: 'get' }, 'parameters.sessionId', 'patient-list');
		expect(sessions.results).toHaveLength(1);
		expect(sessions.results[0].value).toBe(sessionId);
		expect(sessions.results[0].name).toMatch(new RegExp(`patient-list · (processing|completed|failed) · ${sessionId}$`));
	});

	it('a locator From List, By ID, or a bare ID saved before the fields were locators all reach the same workout', async () => {
		for (const value of [{ __rl: true, mode: 'list', value: workoutId }, byId(workoutId), workoutId]) {
			const [item] = jsonOf(await runTerra(emulator(), { resource: 'workout', operation: 'get', workoutId: value }));
			expect(String(item.workout_id ?? item.id)).toBe(workoutId);
		}
	});
});
