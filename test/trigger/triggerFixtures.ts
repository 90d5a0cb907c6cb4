/**
 * What the trigger tests that deliver through the emulator share: a trigger server and an emulator per test, closed
 * after it, with one signing secret; and a TerraTrigger from a fresh module registry, which is what a restarted (or
 * another) n8n process loads: nothing in memory, only the workflow's static data.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startEmulator, type TerraEmulator } from '../../emulator';
import type { TerraTrigger } from '../../nodes/TerraTrigger/TerraTrigger.node';
import { installRecordingLogger } from '../harness/n8n';
import { startTriggerServer, type TriggerServer, type TriggerServerOptions } from './webhookHarness';

export function useTriggerFixtures(secret: string) {
	const servers: TriggerServer[] = [];
	const emulators: TerraEmulator[] = [];

	beforeEach(() => {
		installRecordingLogger();
	});

	afterEach(async () => {
		await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
		await Promise.all(servers.splice(0).map((server) => server.close()));
	});

	return {
		async trigger(parameters: INodeParameters = {}, options: Partial<TriggerServerOptions> = {}): Promise<TriggerServer> {
			const server = await startTriggerServer({ parameters: { events: ['*'], ...parameters }, credentials: { signingSecret: secret }, ...options });
			servers.push(server);
			return server;
		},
		async emulator(url: string): Promise<TerraEmulator> {
			const started = await startEmulator({ signingSecret: secret, webhookUrl: url, webhookRetry: { maxAttempts: 1 } });
			emulators.push(started);
			return started;
		},
	};
}

export function restartedNodeType(): TerraTrigger {
	let fresh: TerraTrigger | undefined;
	jest.isolateModules(() => {
		const module = require('../../nodes/TerraTrigger/TerraTrigger.node') as { TerraTrigger: new () => TerraTrigger };
		fresh = new module.TerraTrigger();
	});
	return fresh!;
}
