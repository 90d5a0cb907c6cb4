import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import type { StartEmulatorOptions, TerraEmulator } from './types';
import type { EmulatorState } from './state';
import { addUsers, seedUsers, UserStore } from './data/users';
import { WorkoutStore } from './data/workouts';
import { LabReportStore } from './data/labReports';
import { WrittenLogStore } from './data/writtenLogs';
import { RateLimiter } from './http/rateLimiter';
import { FaultRegistry } from './http/faults';
import { latencyModel } from './http/latency';
import { DayCache } from './data/dayCache';
import { createEmulatorServer } from './http/server';
import { TERRA_RETRY_POLICY, WebhookSender } from './webhooks/sender';
import { PayloadStore } from './webhooks/s3';
import { sendEventFromEmulator } from './webhooks/emulatorSend';
import { DEFAULT_SIGNING_SECRET } from './webhooks/sendEvent';
import { authRoutes } from './routes/auth';
import { controlRoutes } from './routes/control';
import { dataRoutes } from './routes/data';
import { deliveryRoutes } from './routes/deliveries';
import { integrationRoutes } from './routes/integrations';
import { labReportRoutes } from './routes/labReports';
import { userRoutes } from './routes/users';
import { workoutRoutes } from './routes/workouts';

export const ROUTES = [
	...authRoutes,
	...userRoutes,
	...dataRoutes,
	...workoutRoutes,
	...labReportRoutes,
	...integrationRoutes,
	...controlRoutes,
	...deliveryRoutes,
];

/** Starts the emulator on loopback. `await emulator.close()` when done. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<TerraEmulator> {
	const seed = options.seed ?? 42;
	const log = options.log ?? (() => undefined);
	const tasks = new Set<Promise<unknown>>();
	const retry = { ...TERRA_RETRY_POLICY, ...(options.webhookRetry ?? {}) };
	const sender = new WebhookSender(
		{ url: options.webhookUrl, secret: options.signingSecret ?? DEFAULT_SIGNING_SECRET },
		retry,
		options.webhookTimeoutMs ?? 8000,
		log,
	);

	const state: EmulatorState = {
		url: '',
		seed,
		devId: options.devId ?? 'emulator-dev-id',
		apiKey: options.apiKey ?? 'emulator-api-key',
		users: new UserStore(seedUsers(seed, options.users ?? 8)),
		workouts: new WorkoutStore(),
		labs: new LabReportStore(seed),
		writtenLogs: new WrittenLogStore(),
		sessions: new Map(),
		rate: new RateLimiter(),
		latency: latencyModel(options.latency),
		dayCache: new DayCache(),
		faults: new FaultRegistry(),
		sender,
		s3: new PayloadStore(),
		requests: [],
		largeRequestDays: options.largeRequestDays,
		s3PayloadMode: options.s3PayloadMode ?? false,
		s3ExpiresIn: options.s3ExpiresInSeconds ?? 600,
		plannedWorkoutsAddon: options.plannedWorkoutsAddon ?? true,
		accountCreatedAt: options.accountCreatedAt ?? '2025-01-01',
		labProcessingMs: options.labProcessingMs ?? 50,
		log,
		background: (task) => {
			const p = new Promise((resolve) => setImmediate(resolve))
				.then(task)
				.catch((error) => log(`background task failed: ${(error as Error).stack}`));
			tasks.add(p);
			void p.finally(() => tasks.delete(p));
		},
	};

	const { server, inflight } = createEmulatorServer(state, ROUTES);
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
	state.url = `http://${urlHost}:${address.port}`;

	let closed: Promise<void> | undefined;
	const emulator: TerraEmulator = {
		url: state.url,
		baseUrl: `${state.url}/api/v2`,
		legacyBaseUrl: `${state.url}/v2`,
		devId: state.devId,
		apiKey: state.apiKey,
		get signingSecret() {
			return sender.secret;
		},
		users: state.users.list,
		requests: state.requests,
		clearRequests: () => {
			state.requests.length = 0;
		},
		faults: {
			inject: (match, fault) => state.faults.inject(match, fault),
			clear: () => state.faults.clear(),
		},
		addUsers: (count, addOptions) => addUsers(state.users, state.seed, count, addOptions),
		deliveries: sender.deliveries,
		setWebhook: (url, secret) => sender.setDestination(url, secret),
		sendEvent: (opts) => sendEventFromEmulator(state, opts),
		waitForDeliveries: (predicate, timeoutMs = 5000) => sender.waitFor(predicate, timeoutMs),
		deliverRetrying: (event, policy) => sender.deliverRetrying(event, policy),
		replay: (id, options) => sender.replay(id, options),
		resetRateLimits: () => state.rate.reset(),
		setLatency: (model) => (state.latency = latencyModel(model, state.latency)),
		close: () => {
			closed ??= (async () => {
				// Let in-flight requests and webhook flows finish their current step, then stop retries and sockets.
				let timer: NodeJS.Timeout | undefined;
				await Promise.race([
					Promise.allSettled([...inflight, ...tasks]),
					new Promise((r) => (timer = setTimeout(r, 2000))),
				]);
				clearTimeout(timer);
				sender.close();
				await new Promise<void>((resolve) => {
					server.close(() => resolve());
					for (const s of sockets) s.destroy();
				});
			})();
			return closed;
		},
	};
	log(`Terra emulator listening on ${state.url}`);
	return emulator;
}
