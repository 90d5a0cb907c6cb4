/**
 * Bad input is rejected with a NodeOperationError that names the field and says how to fix it, before any request
 * reaches Terra. Values come from expressions where n8n's own parameter checks would otherwise catch them first.
 */
import type { INode } from 'n8n-workflow';

import { apiRequests, byId, byReference, runTerra, useEmulator, type TerraRunOptions } from './support';

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
		parameters: () => ({ resource: 'sleep', operation: 'getAll', user: byId(expression('user-42')), startDate: '2024-01-01' }),
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
		parameters: () => ({ resource: 'sleep', operation: 'getAll', user: byId(userId()), startDate: expression('last tuesday') }),
		message: /“Start Date” is not a valid date: “last tuesday”/,
		fix: /2024-05-01.*Unix time in seconds/,
	},
	{
		name: 'an impossible calendar date',
		parameters: () => ({ resource: 'daily', operation: 'getAll', user: byId(userId()), startDate: expression('2024-02-30') }),
		message: /“Start Date” is not a valid date/,
		fix: /2024-05-01/,
	},
	{
		name: 'a 13-digit (millisecond) timestamp',
		parameters: () => ({ resource: 'daily', operation: 'getAll', user: byId(userId()), startDate: expression(1709251200000) }),
		message: /“Start Date” is not a valid date: “1709251200000”/,
		fix: /10 digits/,
	},
	{
		name: 'an end date before the start date',
		parameters: () => ({
			resource: 'activity',
			operation: 'getAll',
			user: byId(userId()),
			startDate: '2024-03-10T00:00:00',
			endDate: '2024-03-01T00:00:00',
		}),
		message: /“End Date” \(2024-03-01\) is before “Start Date” \(2024-03-10\)/,
		fix: /exclusive/,
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
		fix: /log_ids/,
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
		name: 'only one date of a planned-workout range',
		parameters: () => ({
			resource: 'plannedWorkout',
			operation: 'getAll',
			user: byId(userId()),
			filters: { startDate: '2026-01-01T00:00:00' },
			returnAll: true,
		}),
		message: /“End Date” is missing or not a valid date/,
		fix: /both dates of the range, or neither/,
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
			startDate: '2024-01-01',
		});
		expect(result.error?.message).toBe(
			`Reference ID “${reference}” matches ${providers.length} Terra users (${providers.join(', ')})`,
		);
		expect(apiRequests(emulator()).map((request) => request.path)).toEqual(['/userInfo']);
	});
});

describe('accepted date forms', () => {
	it('sends 10-digit Unix seconds as Terra takes them', async () => {
		const result = await runTerra(emulator(), {
			resource: 'daily',
			operation: 'getAll',
			user: byId(userId()),
			startDate: expression(1709251200),
			endDate: expression('1709510400'),
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests(emulator())[0].query).toEqual(
			expect.objectContaining({ start_date: '1709251200', end_date: '1709510400' }),
		);
	});

	it('uses the calendar date of a date-time with an offset, and sends no end_date when it is empty', async () => {
		const result = await runTerra(emulator(), {
			resource: 'daily',
			operation: 'getAll',
			user: byId(userId()),
			startDate: expression('2024-03-05T23:30:00.000-05:00'),
		});
		expect(result.error).toBeUndefined();
		const { query } = apiRequests(emulator())[0];
		expect(query.start_date).toBe('2024-03-05');
		expect(query).not.toHaveProperty('end_date');
	});
});
