/**
 * `npm run test:queue` (after scripts/test-queue.sh has installed Redis and Postgres, Node 24 and the pinned n8n,
 * and built the package): the packed package in n8n queue mode — Redis, Postgres, the Terra emulator, n8n main, two
 * workers and a webhook processor, all started and stopped by this command — and the checks in test/queue/checks/.
 * Prints one line per check, then one summary line; writes report.json and the logs to the state folder.
 *
 *   --only=deliveries,resent,actions,large,kill,kill-finished   run only these checks (setup always runs); `baseline` (not run by
 *                                                 default) sends the same load to n8n's own Webhook node
 *   --genuine=500 --forged=100 --concurrency=20    the delivery check's load
 *   --binary-data-mode=database|filesystem         N8N_DEFAULT_BINARY_DATA_MODE for every process
 *   --keep                                          leave everything running at the end (Ctrl-C stops it)
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { stopAll } from '../../scripts/lib/processes';
import { startQueueStack, type BinaryDataMode, type QueueStack } from '../../scripts/lib/queue';
import { onShutdown, runCommand } from '../../scripts/lib/signals';
import { n8nRuntime, pinnedN8nVersion, REPO, STATE_ROOT } from '../../scripts/lib/runtime';
import { bold, describeError, green, red, SetupFailed, Suite } from '../e2e/lib/harness';
import { actionChecks } from './checks/actions';
import type { QueueContext, QueueReport, QueueRunOptions } from './checks/context';
import { baselineCheck, deliveryChecks } from './checks/deliveries';
import { largeRequestChecks } from './checks/largeRequest';
import { resentChecks } from './checks/resent';
import { workerKillChecks } from './checks/workerKill';
import { workerKillFinishedChecks } from './checks/workerKillFinished';
import { Executions } from './lib/executions';
import { summaryLine } from './summary';
import {
	QUEUE_TRIGGER_IDS,
	QUEUE_WEBHOOKS,
	QUEUE_WORKFLOW_IDS,
	QUEUE_WORKFLOWS_DIR,
	staleQueueWorkflows,
} from './workflows/generate';

const STATE = path.join(STATE_ROOT, 'queue');
const SIGNING_SECRET = 'queue-signing-secret-not-a-secret';
type Section = 'deliveries' | 'resent' | 'actions' | 'large' | 'kill' | 'kill-finished' | 'baseline';

/**
 * Test-only settings for every n8n process. Bull's lock and stall check are shortened (n8n's defaults: 60 s lock,
 * renewed every 10 s, checked every 30 s) so the worker-kill check sees the stall within a minute; failed Bull jobs
 * are kept in Redis (default: removed at once) so the check can read what Bull did with them.
 */
const TEST_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '10000',
	N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
};

function numberArg(name: string, fallback: number): number {
	const raw = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
	const value = raw === undefined ? fallback : Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
	return value;
}

async function main(): Promise<number> {
	const started = Date.now();
	const args = new Set(process.argv.slice(2));
	const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
	const runs = (section: Section) => (only ? only.includes(section) : section !== 'baseline');
	const binaryDataMode = (process.argv.find((arg) => arg.startsWith('--binary-data-mode='))?.split('=')[1] ?? 'database') as BinaryDataMode;
	if (!['database', 'filesystem'].includes(binaryDataMode)) throw new Error('--binary-data-mode must be database or filesystem');
	const options: QueueRunOptions = {
		genuine: numberArg('genuine', 500),
		forged: numberArg('forged', 100),
		concurrency: numberArg('concurrency', 20),
		killDeliveries: numberArg('kill-deliveries', 80),
		workerConcurrency: 10,
	};
	const suite = new Suite();
	const report: QueueReport = {};
	let stack: QueueStack | undefined;
	onShutdown(async (signal) => {
		console.log(`\n${signal}: stopping everything test:queue started…`);
		await stack?.stop();
		await stopAll();
	});

	rmSync(STATE, { recursive: true, force: true });
	mkdirSync(STATE, { recursive: true });
	const stepTimes: Record<string, number> = {};
	try {
		suite.section('Setup: Redis, Postgres, the Terra emulator, n8n main + 2 workers + webhook processor (queue mode)');
		const runtime = n8nRuntime();
		suite.info(`n8n ${runtime.n8nVersion}; binary data mode ${binaryDataMode}; state in ${path.relative(REPO, STATE)}/`);
		await suite.check('the queue-mode workflows are up to date with test/queue/workflows/generate.ts', () => {
			assert.deepEqual(staleQueueWorkflows(), [], 'run `npm run workflows:generate` and commit the result');
		});
		await suite.setup(`installed n8n is the pinned ${pinnedN8nVersion()}`, async () => {
			assert.equal(runtime.n8nVersion, pinnedN8nVersion());
		});
		stack = await startQueueStack({
			root: path.join(STATE, 'n8n'),
			signingSecret: SIGNING_SECRET,
			workflowDirs: [QUEUE_WORKFLOWS_DIR],
			publish: Object.values(QUEUE_WORKFLOW_IDS),
			webhooks: [
				{ path: `${QUEUE_TRIGGER_IDS.events}/webhook`, method: 'POST' },
				{ path: `${QUEUE_TRIGGER_IDS.slow}/webhook`, method: 'POST' },
				{ path: `${QUEUE_TRIGGER_IDS.slowFinished}/webhook`, method: 'POST' },
				...Object.values(QUEUE_WEBHOOKS),
			],
			emulatorWebhookId: QUEUE_TRIGGER_IDS.events,
			workers: 2,
			workerConcurrency: options.workerConcurrency,
			binaryDataMode,
			env: TEST_ENV,
			emulatorRetryBaseMs: 500,
			emulatorRetryMaxAttempts: 4,
			step: async (name, fn) => {
				const stepStart = Date.now();
				const value = await suite.setup(name, fn);
				stepTimes[name] = Date.now() - stepStart;
				return value;
			},
		});
		const ready = stack;
		report.stack = {
			readyMs: Date.now() - started,
			n8nProcessesMs: Object.entries(stepTimes).find(([name]) => name.startsWith('n8n main'))?.[1] ?? 0,
		};
		suite.info(
			`main ${ready.n8n.baseUrl} · webhooks ${ready.webhookBaseUrl} · emulator ${ready.emulator.url} · ` +
				`Postgres ${ready.postgres.version} :${ready.postgres.connection.port} · Redis :${ready.redis.port} · logs ${path.relative(REPO, ready.n8n.logDir)}/`,
		);
		const users = await ready.emulator.users();
		const ctx: QueueContext = {
			suite,
			stack: ready,
			executions: new Executions(ready.postgres, runtime.n8nModules),
			options,
			report,
			userIds: users.map((user) => user.user_id),
		};

		if (runs('deliveries')) {
			suite.section('Terra Trigger through the webhook processor: genuine and forged deliveries at once');
			await deliveryChecks(ctx);
		}
		if (runs('baseline')) {
			suite.section('Baseline: the same deliveries to n8n’s own Webhook node');
			await baselineCheck(ctx);
		}
		if (runs('resent')) {
			suite.section('The same delivery twice: Terra’s retry after a lost acknowledgement, and simultaneous copies');
			await resentChecks(ctx);
		}
		if (runs('actions')) {
			suite.section('Terra node on the workers: workflows started by production webhooks');
			await actionChecks(ctx);
		}
		if (runs('large')) {
			suite.section('A large request: the Terra node asks, Terra delivers every chunk to the trigger');
			await largeRequestChecks(ctx);
		}
		if (runs('kill')) {
			suite.section('A worker killed mid-run (Acknowledge Terra: When Execution Is Stored)');
			await workerKillChecks(ctx);
		}
		if (runs('kill-finished')) {
			suite.section('A worker killed mid-run (Acknowledge Terra: When Workflow Finishes): Terra re-sends what it held');
			await workerKillFinishedChecks(ctx);
		}
	} catch (error) {
		if (error instanceof SetupFailed) console.log(red(`\n${error.message}: the remaining checks were not run`));
		else {
			console.log(red(`\nunexpected error: ${describeError(error)}`));
			suite.results.push({ group: 'runner', name: 'unexpected error', ok: false, ms: 0, error: String(error) });
		}
	} finally {
		if (args.has('--keep') && stack) {
			console.log(`\n--keep: everything keeps running (main ${stack.n8n.baseUrl}, webhooks ${stack.webhookBaseUrl}); Ctrl-C stops it.`);
			await new Promise<void>(() => undefined);
		}
		const stopping = Date.now();
		await stack?.stop();
		await stopAll();
		suite.info(`stopped everything in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
	}

	report.totalMs = Date.now() - started;
	writeFileSync(path.join(STATE, 'report.json'), `${JSON.stringify({ report, checks: suite.results }, null, 2)}\n`);
	const ok = suite.failed.length === 0;
	if (!ok) {
		console.log(red('\nfailed:'));
		for (const failure of suite.failed) console.log(red(`  ✗ [${failure.group}] ${failure.name}`));
		console.log(`logs and report.json: ${path.relative(REPO, STATE)}/`);
	}
	const line = summaryLine(report, suite.results.length - suite.failed.length, suite.results.length);
	console.log(`\n${bold(ok ? green(line) : red(line))}`);
	return ok ? 0 : 1;
}

runCommand(main);
