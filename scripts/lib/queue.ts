/**
 * n8n in queue mode on one machine, for `npm run test:queue`: Redis (Bull queue, pub/sub) and Postgres (shared by
 * every n8n process), the Terra emulator, n8n main (`n8n start`: editor, REST, activation), N workers
 * (`n8n worker`: run the executions, so the Terra node's HTTP calls) and one webhook processor (`n8n webhook`: runs
 * the Terra Trigger's webhook(), which verifies signatures and answers 401, then enqueues). Every process is started
 * by this module on free loopback ports and stopped by `stop()`; all of them share one user folder, where the packed
 * package is installed once, as a user's n8n installs a community package.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { CREDENTIAL } from '../../examples/lib/builder';
import { EMULATOR_SEED, EMULATOR_USER_COUNT } from '../../examples/lib/fixtures';
import { EmulatorClient, startEmulatorProcess } from './emulatorProcess';
import { N8n, packPackage } from './n8n';
import { startPostgres, type PostgresServer } from './postgres';
import { freePorts, stopAll, type ManagedProcess } from './processes';
import { startRedis, type RedisServer } from './redis';
import { N8nRest } from './rest';
import { EMULATOR_API_KEY, EMULATOR_DEV_ID, triggerWebhookPath } from './stack';

export type BinaryDataMode = 'database' | 'filesystem';

export interface QueueModeSettings {
	redisPort: number;
	/** Where production webhooks are served: the webhook processor. */
	webhookBaseUrl: string;
	binaryDataMode: BinaryDataMode;
}

/**
 * The environment every n8n process of a queue-mode installation needs (on top of the shared encryption key, user
 * folder and database, which N8n.env() sets). See docs/self-hosting.md, "Queue mode".
 */
export function queueModeEnv(settings: QueueModeSettings): Record<string, string> {
	return {
		// Without it main runs executions itself; `n8n webhook` refuses to start without it (`n8n worker` forces it).
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(settings.redisPort),
		// Manual (editor) runs go to the workers too, so main never runs the Terra node.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// The production URLs main shows (and Terra must call) point at the webhook processor.
		N8N_WEBHOOK_URL: `${settings.webhookBaseUrl}/`,
		// n8n 2.40.7's default in queue mode, set explicitly: it decides where a file one process stores (the webhook
		// processor receiving an upload, a worker's Convert to File) is read back by another. `database` keeps it in
		// Postgres, which every process reaches; `filesystem` only works when all processes share one disk.
		N8N_DEFAULT_BINARY_DATA_MODE: settings.binaryDataMode,
		N8N_LOG_OUTPUT: 'console',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
	};
}

export interface QueueStackOptions {
	/** State folder (wiped): user folder, logs, Redis folder. */
	root: string;
	signingSecret: string;
	workflowDirs: string[];
	/** Workflows to publish (through main's REST API, as the editor does). */
	publish: string[];
	/** The production webhooks to wait for on the webhook processor. */
	webhooks: Array<{ path: string; method: string }>;
	/** webhookId of the Terra Trigger the emulator delivers to (its destination). */
	emulatorWebhookId: string;
	workers: number;
	workerConcurrency: number;
	binaryDataMode: BinaryDataMode;
	/** More environment for every n8n process. */
	env?: Record<string, string>;
	emulatorRetryBaseMs: number;
	emulatorRetryMaxAttempts: number;
	step: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
}

export interface QueueStack {
	n8n: N8n;
	main: ManagedProcess;
	workers: ManagedProcess[];
	webhookProcessor: ManagedProcess;
	webhookBaseUrl: string;
	/** Production URL of a Terra Trigger with this webhookId, on the webhook processor. */
	triggerUrl(webhookId: string): string;
	emulator: EmulatorClient;
	emulatorProcess: ManagedProcess;
	postgres: PostgresServer;
	redis: RedisServer;
	rest: N8nRest;
	tarball: string;
	/** Stops main and starts it again (n8n's queue recovery runs when main starts). */
	restartMain(): Promise<ManagedProcess>;
	/** Starts the nth worker (0-based) again, e.g. after a check killed it; its log continues in the same file. */
	restartWorker(index: number): Promise<ManagedProcess>;
	stop(): Promise<void>;
}

export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
	const { step } = options;
	// main, webhook processor, workers: an HTTP port and a task-broker port each; emulator, Redis, Postgres.
	const processCount = 2 + options.workers;
	const ports = await freePorts(processCount * 2 + 3);
	const [emulatorPort, redisPort, postgresPort] = ports.splice(0, 3);
	const httpPorts = ports.splice(0, processCount);
	const brokerPorts = ports;
	const [mainPort, webhookPort, ...workerPorts] = httpPorts;
	const [mainBroker, webhookBroker, ...workerBrokers] = brokerPorts;
	const webhookBaseUrl = `http://127.0.0.1:${webhookPort}`;
	const triggerUrl = (webhookId: string) => `${webhookBaseUrl}/webhook/${triggerWebhookPath(webhookId)}`;

	let postgres: PostgresServer | undefined;
	let redis: RedisServer | undefined;
	let emulatorProcess: ManagedProcess | undefined;
	let n8n: N8n | undefined;
	const stop = async () => {
		await n8n?.stop();
		await Promise.all([emulatorProcess?.stop(), redis?.stop(), postgres?.stop()]);
	};

	try {
		// Prepares the shared user folder; the processes' N8n (with Postgres) is made once the database is up.
		const installer = new N8n({ root: options.root, port: mainPort, brokerPort: mainBroker });
		const tarball = await step('npm pack the built package', () => packPackage(path.join(options.root, '..', 'pack')));
		await step('fresh n8n user folder (shared by every process) with the package in .n8n/nodes', () =>
			installer.prepareUserFolder(tarball),
		);
		const logDir = installer.logDir;
		const redisDir = path.join(options.root, 'redis');
		mkdirSync(redisDir, { recursive: true });

		// Independent of each other: Postgres, Redis and the emulator start together.
		const emulatorStarted = startEmulatorProcess({
			port: emulatorPort,
			webhookUrl: triggerUrl(options.emulatorWebhookId),
			signingSecret: options.signingSecret,
			seed: EMULATOR_SEED,
			users: EMULATOR_USER_COUNT,
			retryBaseMs: options.emulatorRetryBaseMs,
			retryMaxAttempts: options.emulatorRetryMaxAttempts,
			logFile: path.join(logDir, 'emulator.log'),
		});
		emulatorStarted.catch(() => undefined);
		const redisStarted = startRedis({ port: redisPort, dir: redisDir, logFile: path.join(logDir, 'redis.log') });
		redisStarted.catch(() => undefined);
		postgres = await step(`Postgres (initdb, own cluster) on 127.0.0.1:${postgresPort}`, () =>
			startPostgres({
				port: postgresPort,
				logFile: path.join(logDir, 'postgres.log'),
				n8nModules: installer.runtime.n8nModules,
			}),
		);
		redis = await step(`Redis on 127.0.0.1:${redisPort}`, () => redisStarted);

		const env = {
			...queueModeEnv({ redisPort, webhookBaseUrl, binaryDataMode: options.binaryDataMode }),
			...options.env,
		};
		n8n = new N8n({ root: options.root, port: mainPort, brokerPort: mainBroker, env, database: postgres.connection });
		const shared = n8n;

		// The first CLI command runs n8n's migrations on the empty database, before any server starts.
		await step('n8n import:credentials (runs the migrations on Postgres)', () =>
			shared.importCredentials([
				{
					id: CREDENTIAL.id,
					name: CREDENTIAL.name,
					type: 'terraApi',
					data: {
						devId: EMULATOR_DEV_ID,
						apiKey: EMULATOR_API_KEY,
						baseUrl: 'custom',
						customBaseUrl: `http://127.0.0.1:${emulatorPort}/api/v2`,
						signingSecret: options.signingSecret,
					},
				},
			]),
		);
		await step('n8n import:workflow --separate', () => shared.importWorkflows(options.workflowDirs));
		const emulator = await step(`Terra emulator on 127.0.0.1:${emulatorPort}`, async () => {
			const started = await emulatorStarted;
			emulatorProcess = started.process;
			return started.client;
		});

		// Each process keeps its binary-data folder to itself, as on separate machines; with `database` mode nothing
		// is read from there.
		const storage = (name: string) => ({ N8N_BINARY_DATA_STORAGE_PATH: path.join(options.root, 'storage', name) });
		const launchMain = () =>
			shared.launch('main', ['start'], { port: mainPort, brokerPort: mainBroker, hostname: 'terra-main', env: storage('main') });
		const launchWorker = (index: number) =>
			shared.launch(`worker${index + 1}`, ['worker', `--concurrency=${options.workerConcurrency}`], {
				port: workerPorts[index],
				brokerPort: workerBrokers[index],
				hostname: `terra-worker${index + 1}`,
				env: {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(workerPorts[index]),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					...storage(`worker${index + 1}`),
				},
			});
		const [main, webhookProcessor, ...workers] = await step(
			`n8n main, webhook processor and ${options.workers} workers (started together)`,
			() =>
				Promise.all([
					launchMain(),
					shared.launch('webhook', ['webhook'], {
						port: webhookPort,
						brokerPort: webhookBroker,
						hostname: 'terra-webhook',
						env: storage('webhook'),
					}),
					...workerPorts.map((_port, index) => launchWorker(index)),
				]),
		);
		shared.server = main;

		const rest = new N8nRest(shared.baseUrl, shared.runtime.n8nModules);
		await step('owner account + login on main (REST)', () => rest.ensureOwnerAndLogin());
		await step(`publish ${options.publish.length} workflows through main's REST API`, async () => {
			for (const id of options.publish) await rest.publish(id);
		});
		await step('production webhooks registered on the webhook processor (OPTIONS → 204)', async () => {
			for (const webhook of options.webhooks) {
				await shared.waitForWebhook(webhook.path, { baseUrl: webhookBaseUrl, method: webhook.method });
			}
		});

		const stack: QueueStack = {
			n8n: shared,
			main,
			workers,
			webhookProcessor,
			webhookBaseUrl,
			triggerUrl,
			emulator,
			emulatorProcess: emulatorProcess!,
			postgres,
			redis,
			rest,
			tarball,
			async restartMain() {
				await stack.main.stop(20_000);
				stack.main = await launchMain();
				shared.server = stack.main;
				return stack.main;
			},
			async restartWorker(index) {
				stack.workers[index] = await launchWorker(index);
				return stack.workers[index];
			},
			stop,
		};
		return stack;
	} catch (error) {
		await stop();
		await stopAll();
		throw error;
	}
}
