import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { Terra } from '../../nodes/Terra/Terra.node';
import { startEmulator, type RecordedRequest, type StartEmulatorOptions, type TerraEmulator } from '../../emulator';
import { runNode, type NodeRunResult } from '../harness/n8n';

export const TERRA_NODE = { typeName: 'n8n-nodes-terra.terra', type: new Terra() };

/** Starts one emulator for the test file; every test starts with an empty request log, no faults, fresh rate limits. */
export function useEmulator(options: StartEmulatorOptions = {}): () => TerraEmulator {
	let emulator: TerraEmulator | undefined;
	beforeAll(async () => {
		emulator = await startEmulator({ port: 0, ...options });
	});
	afterAll(async () => {
		await emulator?.close();
	});
	beforeEach(() => {
		emulator?.clearRequests();
		emulator?.faults.clear();
		emulator?.resetRateLimits();
	});
	return () => {
		if (!emulator) throw new Error('emulator not started');
		return emulator;
	};
}

export type Surface = 'current' | 'legacy';

export function credentialsFor(emulator: TerraEmulator, surface: Surface = 'current') {
	return {
		terraApi: {
			devId: emulator.devId,
			apiKey: emulator.apiKey,
			baseUrl: 'custom',
			customBaseUrl: surface === 'current' ? emulator.baseUrl : emulator.legacyBaseUrl,
			signingSecret: emulator.signingSecret,
		},
	};
}

export interface TerraRunOptions {
	surface?: Surface;
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	errorOutput?: boolean;
	timezone?: string;
	typeVersion?: number;
}

/** Runs the Terra node once (one execution, all input items) against the emulator. */
export async function runTerra(
	emulator: TerraEmulator,
	parameters: INode['parameters'],
	options: TerraRunOptions = {},
): Promise<NodeRunResult> {
	return await runNode({
		node: TERRA_NODE,
		parameters,
		credentials: credentialsFor(emulator, options.surface),
		input: options.input,
		continueOnFail: options.continueOnFail,
		errorOutput: options.errorOutput,
		timezone: options.timezone,
		typeVersion: options.typeVersion,
	});
}

/** Date Range: Custom, from the first to the last day (both included), as the editor stores the pickers. */
export function days(first: string, last?: string) {
	return {
		datePreset: 'custom',
		startDate: `${first}T00:00:00`,
		...(last === undefined ? {} : { endDate: `${last}T00:00:00` }),
	};
}

/** The items' JSON, failing the test with n8n's error if the run failed. */
export function jsonOf(result: NodeRunResult): IDataObject[] {
	if (result.error) throw new Error(`Node failed: ${result.error.message}\n${(result.error as { description?: string }).description ?? ''}`);
	return result.items.map((item) => item.json);
}

/** Requests Terra (not the emulator's control API) received. */
export function apiRequests(emulator: TerraEmulator): RecordedRequest[] {
	return emulator.requests.filter((request) => request.surface !== 'control');
}

export function byId(value: string) {
	return { __rl: true, mode: 'id', value };
}

export function byReference(value: string) {
	return { __rl: true, mode: 'referenceId', value };
}

/** A user whose reference ID no other user shares (so "By Reference ID" resolves to exactly one user). */
export function userWithUniqueReference(emulator: TerraEmulator) {
	const counts = new Map<string, number>();
	for (const user of emulator.users) counts.set(String(user.reference_id), (counts.get(String(user.reference_id)) ?? 0) + 1);
	const user = emulator.users.find((candidate) => candidate.reference_id && counts.get(candidate.reference_id) === 1);
	if (!user) throw new Error('emulator has no user with a unique reference id');
	return user;
}

/** Calls the emulator directly (as Terra would be called) to learn what the node should have produced. */
export async function terraDirect(emulator: TerraEmulator, pathAndQuery: string, init: RequestInit = {}) {
	const response = await fetch(`${emulator.baseUrl}${pathAndQuery}`, {
		...init,
		headers: { 'dev-id': emulator.devId, 'x-api-key': emulator.apiKey, ...(init.headers ?? {}) },
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export const VALID_STEP_BLOCKS = [
	{
		completion_condition: { type: 'reps', value: 5 },
		steps: [
			{
				completion_condition: { type: 'distance', value: 1000 },
				intensity_type: 'active',
				intensity_targets: [{ target_type: 'heart_rate', value_low: 150, value_high: 165 }],
			},
			{ completion_condition: { type: 'time', value: 90 }, intensity_type: 'rest' },
		],
	},
];

/** Smallest well-formed PDF, for lab-report uploads. */
export const TINY_PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
