/**
 * The whole product running locally, shared by the e2e suite and the demo: the Terra emulator (separate process),
 * and a real n8n with the packed package installed, the Terra API credential pointing at the emulator, the
 * workflows imported, the trigger workflows published and their production webhooks registered.
 */
import path from 'node:path';

import { CREDENTIAL } from '../../examples/lib/builder';
import { EMULATOR_SEED, EMULATOR_USER_COUNT } from '../../examples/lib/fixtures';
import { EmulatorClient, startEmulatorProcess } from './emulatorProcess';
import { N8n, packPackage } from './n8n';
import { freePorts, isPortFree, stopAll, type ManagedProcess } from './processes';
import { N8nRest } from './rest';
import type { N8nRuntime } from './runtime';

export const EMULATOR_DEV_ID = 'emulator-dev-id';
export const EMULATOR_API_KEY = 'emulator-api-key';

export interface StackOptions {
	/** State folder (wiped): user folder, logs, packed tarball. */
	root: string;
	signingSecret: string;
	/** Folders of workflow JSON to import; may be empty (the benchmark imports its own after start). */
	workflowDirs: string[];
	/** Workflows to publish (activate): the trigger workflows. May be empty. */
	publish: string[];
	/**
	 * The webhook ids of the published triggers, to wait for; the first one is the emulator's destination. May be
	 * empty: the emulator then has no webhook destination.
	 */
	webhookIds: string[];
	/** Preferred ports (the demo's fixed ones); taken only if free, else any free port. */
	ports?: { n8n?: number; emulator?: number };
	/** Which installed n8n runs (default: the pinned one; the compatibility matrix passes others). */
	runtime?: N8nRuntime;
	/** Additional environment for every n8n process (n8n settings such as N8N_EXPRESSION_ENGINE_*). */
	n8nEnv?: Record<string, string>;
	emulatorRetryBaseMs?: number;
	emulatorRetryMaxAttempts?: number;
	/** Wraps each step (the suite times and reports them; the demo prints them). */
	step: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
}

export interface Stack {
	n8n: N8n;
	emulator: EmulatorClient;
	emulatorProcess: ManagedProcess;
	rest: N8nRest;
	tarball: string;
	/** Production webhook URL of a trigger node with this webhookId (path “webhook”). */
	webhookUrl(webhookId: string): string;
	stop(): Promise<void>;
}

export function triggerWebhookPath(webhookId: string): string {
	return `${webhookId}/webhook`;
}

async function pickPorts(preferred: { n8n?: number; emulator?: number } = {}) {
	const [a, b, c] = await freePorts(3);
	const usable = async (port: number | undefined) => port !== undefined && (await isPortFree(port));
	const n8nPort = (await usable(preferred.n8n)) ? preferred.n8n! : a;
	const emulatorPort = (await usable(preferred.emulator)) ? preferred.emulator! : b;
	// The task broker: n8n's default 5679 would collide with a second n8n on the machine.
	const brokerPort = c;
	return { n8nPort, emulatorPort, brokerPort };
}

export async function startStack(options: StackOptions): Promise<Stack> {
	const { step } = options;
	const ports = await pickPorts(options.ports);
	const n8n = new N8n({ root: options.root, port: ports.n8nPort, brokerPort: ports.brokerPort, env: options.n8nEnv, runtime: options.runtime });
	const webhookUrl = (webhookId: string) => `${n8n.baseUrl}/webhook/${triggerWebhookPath(webhookId)}`;

	let emulatorProcess: ManagedProcess | undefined;
	const stop = async () => {
		await Promise.all([n8n.stop(), emulatorProcess?.stop()]);
	};
	try {
		const tarball = await step('npm pack the built package', () => packPackage(path.join(options.root, '..', 'pack')));
		await step('fresh n8n user folder with the package in .n8n/nodes/node_modules', () => n8n.prepareUserFolder(tarball));

		// The emulator boots while the n8n CLI imports (they do not depend on each other).
		const emulatorStarted = startEmulatorProcess({
			port: ports.emulatorPort,
			webhookUrl: options.webhookIds.length ? webhookUrl(options.webhookIds[0]) : undefined,
			signingSecret: options.signingSecret,
			seed: EMULATOR_SEED,
			users: EMULATOR_USER_COUNT,
			retryBaseMs: options.emulatorRetryBaseMs ?? 1000,
			retryMaxAttempts: options.emulatorRetryMaxAttempts ?? 6,
			logFile: path.join(n8n.logDir, 'emulator.log'),
		});
		emulatorStarted.catch(() => undefined);

		await step('n8n import:credentials (Terra API credential → emulator)', () =>
			n8n.importCredentials([
				{
					id: CREDENTIAL.id,
					name: CREDENTIAL.name,
					type: 'terraApi',
					data: {
						devId: EMULATOR_DEV_ID,
						apiKey: EMULATOR_API_KEY,
						baseUrl: 'custom',
						customBaseUrl: `http://127.0.0.1:${ports.emulatorPort}/api/v2`,
						signingSecret: options.signingSecret,
					},
				},
			]),
		);
		if (options.workflowDirs.length) {
			await step('n8n import:workflow --separate', () => n8n.importWorkflows(options.workflowDirs));
		}
		if (options.publish.length) {
			const activate = n8n.runtime.n8nMajor < 2 ? 'update:workflow --active=true' : 'publish:workflow';
			await step(`n8n ${activate} (${options.publish.join(', ')})`, () => n8n.publish(options.publish));
		}
		const emulator = await step(`Terra emulator on 127.0.0.1:${ports.emulatorPort}`, async () => {
			const started = await emulatorStarted;
			emulatorProcess = started.process;
			return started.client;
		});
		await step(`n8n start on 127.0.0.1:${ports.n8nPort}`, () => n8n.start());
		if (options.webhookIds.length) {
			await step('production webhooks registered (OPTIONS → 204)', async () => {
				for (const id of options.webhookIds) await n8n.waitForWebhook(triggerWebhookPath(id));
			});
		}
		const rest = new N8nRest(n8n.baseUrl, n8n.runtime.n8nModules);
		await step('owner account + login (REST)', () => rest.ensureOwnerAndLogin());
		return { n8n, emulator, emulatorProcess: emulatorProcess!, rest, tarball, webhookUrl, stop };
	} catch (error) {
		await stop();
		await stopAll();
		throw error;
	}
}
