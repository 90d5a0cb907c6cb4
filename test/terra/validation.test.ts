/**
 * Bad input is rejected with a NodeOperationError that names the field and says how to fix it, before any request
 * reaches Terra. Values come from expressions where n8n's own parameter checks would otherwise catch them first.
 */
import type { INode } from 'n8n-workflow';

import { apiRequests, byId, byReference, days, runTerra, useEmulator, type TerraRunOptions } from './support';

const emulator = useEmulator();
const expression = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;
const userId = () => emulator().users[0].user_id;

interface Case {
	name: string;
	parameters: () => INode['parameters'];
	message: RegExp;
	fix: RegExp;
	input?: TerraRunOptions['input'];
}

const cases: Case[] = [
	{
		name: 'a user ID that is not a UUID',
		parameters: () => ({ resource: 'sleep', operation: 'getAll', user: byId(expression('user-42')), ...days('2024-01-01') }),
		message: /“User” is not a Terra user ID: “user-42”/,
		fix: /UUIDs/,
	},
	{
		name: 'an empty user',
		parameters: () => ({ resource: 'athlete', operation: 'get', user: byId(expression('')) }),
		message: /“User” is empty/,
		fix: /Pick the user from the list/,
	},
	{
		name: 'a start date that is not a date',
		parameters: () => ({ resource: 'sleep', operation: 'getAll', user: byId(userId()), ...days('2024-01-01'), startDate: expression('last tuesday') }),
		message: /^“Start Date” is not a valid date: got the string “last tuesday”$/,
		fix: /\$today\.minus.*2024-05-01.*Unix time in seconds/,
	},
	{
		name: 'an impossible calendar date',
		parameters: () => ({ resource: 'daily', operation: 'getAll', user: byId(userId()), ...days('2024-01-01'), startDate: expression('2024-02-30') }),
		message: /“Start Date” is not a valid date: got the string “2024-02-30”/,
		fix: /2024-05-01/,
	},
	{
		name: 'a 13-digit (millisecond) timestamp',
		parameters: () => ({ resource: 'daily', operation: 'getAll', user: byId(userId()), ...days('2024-01-01'), startDate: expression(1709251200000) }),
		message: /“Start Date” is not a valid date: got the number 1709251200000/,
		fix: /milliseconds.*divide by 1000/,
	},
	{
		name: 'an object where a date belongs',
		parameters: () => ({ resource: 'daily', operation: 'getAll', user: byId(userId()), ...days('2024-01-01'), endDate: expression({ day: 5 }) }),
		message: /“End Date” is not a valid date: got an object “\{"day":5\}”/,
		fix: /2024-05-01/,
	},
	{
		name: 'an end date before the start date',
		parameters: () => ({ resource: 'activity', operation: 'getAll', user: byId(userId()), ...days('2024-03-10', '2024-03-01') }),
		message: /“End Date” \(2024-03-01\) is before “Start Date” \(2024-03-10\)/,
		fix: /Both days are included/,
	},
	{
		name: 'Selected Fields without fields',
		parameters: () => ({ resource: 'sleep', operation: 'getAll', user: byId(userId()), output: 'selected', fields: ' , ' }),
		message: /“Fields” is empty/,
		fix: /dot paths/,
	},
	{
		name: 'an empty list of user IDs',
		parameters: () => ({ resource: 'user', operation: 'getBulk', userIds: ' , ' }),
		message: /“User IDs” has no IDs/,
		fix: /one or more Terra user IDs/,
	},
	{
		name: 'a bad ID inside the list of user IDs',
		parameters: () => ({ resource: 'user', operation: 'getBulk', userIds: `${userId()}, nope` }),
		message: /“User IDs” is not a Terra user ID: “nope”/,
		fix: /UUIDs/,
	},
	{
		name: 'no log IDs to delete',
		parameters: () => ({ resource: 'body', operation: 'delete', user: byId(userId()), logIds: expression(' , ') }),
		message: /“Log IDs” has no IDs/,
		fix: /log IDs Terra returned/,
	},
	{
		name: 'records that are not JSON',
		parameters: () => ({ resource: 'activity', operation: 'create', user: byId(userId()), records: '[{"metadata": ' }),
		message: /“Records \(JSON\)” is not valid JSON/,
		fix: /JSON array of records/,
	},
	{
		name: 'an empty records array',
		parameters: () => ({ resource: 'nutrition', operation: 'create', user: byId(userId()), records: '[]' }),
		message: /“Records \(JSON\)” has no records to write/,
		fix: /JSON array of records/,
	},
	{
		name: 'a missing binary property',
		parameters: () => ({ resource: 'labReport', operation: 'upload', binaryPropertyName: 'report' }),
		message: /The input item has no binary property “report”/,
		fix: /Feed this node an item with a file/,
	},
	{
		name: 'a binary property with another name',
		parameters: () => ({ resource: 'labReport', operation: 'upload', binaryPropertyName: 'report' }),
		input: [{ json: {}, binary: { data: { data: 'AAAA', mimeType: 'application/pdf', fileName: 'a.pdf' } } }],
		message: /no binary property “report”/,
		fix: /one of: data/,
	},
	{
		name: 'a file type Terra cannot read',
		parameters: () => ({ resource: 'labReport', operation: 'upload', binaryPropertyName: 'data' }),
		input: [{ json: {}, binary: { data: { data: 'AAAA', mimeType: 'text/csv', fileName: 'results.csv' } } }],
		message: /Terra cannot read “results.csv” \(text\/csv\)/,
		fix: /PDF, PNG, JPEG, GIF or WebP/,
	},
	{
		name: 'a workout ID that is not numeric',
		parameters: () => ({ resource: 'workout', operation: 'get', workoutId: 'abc' }),
		message: /“Workout ID” must be a numeric Terra ID, got “abc”/,
		fix: /workout_id/,
	},
	{
		name: 'a planned-workout end date without a start date',
		parameters: () => ({
			resource: 'plannedWorkout',
			operation: 'getAll',
			user: byId(userId()),
			filters: { endDate: '2026-01-01T00:00:00' },
			returnAll: true,
		}),
		message: /“End Date” is set but “Start Date” is not/,
		fix: /remove both/,
	},
	{
		name: 'a lab-report date filter that is not a date',
		parameters: () => ({ resource: 'labReport', operation: 'getAll', returnAll: true, filters: { uploaded_at_from: expression('soon') } }),
		message: /“Uploaded From” is not a valid date: got the string “soon”/,
		fix: /2024-05-01/,
	},
	{
		name: 'a planned date that is empty',
		parameters: () => ({ resource: 'workout', operation: 'plan', workoutId: '12', user: byId(userId()), plannedDate: expression('') }),
		message: /“Planned Date” is empty/,
		fix: /2024-05-01/,
	},
	{
		name: 'a provider that is not a Terra provider ID',
		parameters: () => ({ resource: 'authentication', operation: 'generateAuthLink', provider: expression('garmin connect!') }),
		message: /“Provider” is not a Terra provider ID: “GARMIN CONNECT!”/,
		fix: /GARMIN, FITBIT or OURA/,
	},
	{
		name: 'a redirect URL that is not a URL',
		parameters: () => ({
			resource: 'authentication',
			operation: 'generateWidgetSession',
			additionalFields: { successRedirectUrl: 'myapp/ok' },
		}),
		message: /“Success Redirect URL” is not a URL: “myapp\/ok”/,
		fix: /https:\/\/myapp.com/,
	},
	{
		name: 'a user update with nothing to change',
		parameters: () => ({ resource: 'user', operation: 'update', user: byId(userId()), updateFields: {} }),
		message: /“Update Fields” is empty/,
		fix: /Reference ID.*Active/,
	},
	{
		name: 'a workout template without step blocks',
		parameters: () => ({ resource: 'workout', operation: 'create', name: 'Easy run', sport: 'running', stepBlocks: '[]' }),
		message: /“Step Blocks \(JSON\)” has no step blocks/,
		fix: /completion_condition/,
	},
	{
		name: 'a lab report session ID with a path in it',
		parameters: () => ({ resource: 'labReport', operation: 'get', sessionId: '../users' }),
		message: /“Session ID” is not a lab report session ID/,
		fix: /long numbers/,
	},
];

describe('validation before any request', () => {
	it.each(cases)('rejects $name', async ({ parameters, message, fix, input }) => {
		const result = await runTerra(emulator(), parameters(), { input });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect((result.error as { description?: string }).description).toMatch(fix);
		expect(apiRequests(emulator())).toEqual([]);
	});
});

describe('the picker entry n8n adds', () => {
	it('“Custom API Call” points to the HTTP Request node with the Terra API credential', async () => {
		const result = await runTerra(emulator(), { resource: 'sleep', operation: '__CUSTOM_API_CALL__' });
		expect(result.error?.message).toBe('Custom API calls are made with the HTTP Request node');
		expect((result.error as { description?: string }).description).toMatch(/Predefined Credential Type.*Terra API/);
		expect(apiRequests(emulator())).toEqual([]);
	});
});

describe('reference IDs that do not identify one user', () => {
	it('fails when no user has the reference ID, after only the lookup', async () => {
		const result = await runTerra(emulator(), { resource: 'athlete', operation: 'get', user: byReference('nobody-here') });
		expect(result.error?.message).toBe('No Terra user has reference ID “nobody-here”');
		expect(apiRequests(emulator()).map((request) => request.path)).toEqual(['/userInfo']);
	});

	it('fails when several connections share the reference ID, naming their providers', async () => {
		const counts = new Map<string, string[]>();
		for (const user of emulator().users) counts.set(String(user.reference_id), [...(counts.get(String(user.reference_id)) ?? []), user.provider]);
		const [reference, providers] = [...counts].find(([, list]) => list.length > 1)!;
		const result = await runTerra(emulator(), {
			resource: 'sleep',
			operation: 'getAll',
			user: byReference(reference),
			...days('2024-01-01'),
		});
		expect(result.error?.message).toBe(
			`Reference ID “${reference}” matches ${providers.length} Terra users (${providers.join(', ')})`,
		);
		expect(apiRequests(emulator()).map((request) => request.path)).toEqual(['/userInfo']);
	});
});
