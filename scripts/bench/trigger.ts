/**
 * P2: signed deliveries through `n8n start`'s production webhooks, the Terra Trigger against n8n's bare Webhook node,
 * in the same n8n, with the same bodies at the same concurrency. The load comes from this process (undici, a fixed
 * number of requests in flight); every body is a Terra `sleep` event of the given size, unique per delivery, signed as
 * Terra signs (emulator/webhooks/signature.ts) with both signature headers.
 *
 * A round sends N deliveries to one contender, then waits until n8n has stored N finished executions of that workflow
 * (counted through n8n's REST API: each accepted delivery ran exactly once, and nothing else ran). The rate is N over
 * the time from the first request sent to the last execution finished, so a receiver that answers early cannot look
 * faster than it runs. Latency is each request's time to its answer (p50, p99).
 */
import { readFileSync } from 'node:fs';

import { Pool } from 'undici';

import { signTerraPayload } from '../../emulator/webhooks/signature';
import { DATA_TYPES, generateRange } from '../../emulator/data/generators';
import { seedUsers } from '../../emulator/data/users';
import { delay } from '../lib/processes';
import { dim, red } from '../lib/terminal';
import type { BenchContext, ResultRow, ScenarioResult } from './model';
import { BENCH_SIGNING_SECRET, sizes } from './requests';
import { ms } from './rounds';
import { comparisonRow, median, quantile } from './stats';
import { TRIGGER_WEBHOOK_PATH, TRIGGER_WORKFLOW, WEBHOOK_PATH, WEBHOOK_WORKFLOW } from './triggerWorkflows';

interface Load {
	id: string;
	label: string;
	bytes: number;
	deliveries: number;
}

/** The records part of a `sleep` event of at least `bytes` bytes: whole records, with samples when they are large. */
function sleepRecords(bytes: number): string {
	const def = DATA_TYPES.find((type) => type.type === 'sleep')!;
	const user = seedUsers(42, 1)[0];
	const withSamples = bytes > 20 * 1024;
	const records: string[] = [];
	let size = 0;
	for (let day = 0; size < bytes; day++) {
		const date = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
		for (const record of generateRange(def, { seed: 42, user, withSamples }, [date])) {
			const json = JSON.stringify(record);
			records.push(json);
			size += json.length + 1;
		}
	}
	return `"user":${JSON.stringify(user)},"data":[${records.join(',')}]`;
}

interface Delivery {
	body: Buffer;
	headers: Record<string, string>;
}

function deliveries(load: Load, records: string, tag: string): Delivery[] {
	const timestamp = Math.floor(Date.now() / 1000);
	return Array.from({ length: load.deliveries }, (_, index) => {
		const reference = `bench-${tag}-${index}`;
		const body = Buffer.from(`{"type":"sleep","bench_delivery":"${reference}",${records},"version":"2022-03-16"}`, 'utf8');
		const signature = signTerraPayload(BENCH_SIGNING_SECRET, body, timestamp);
		return {
			body,
			headers: {
				'content-type': 'application/json',
				'user-agent': 'Terra-Webhook/1.0 (n8n-nodes-terra bench)',
				'terra-signature': signature,
				'x-terra-signature': signature,
				'terra-reference': reference,
				'x-terra-trace-id': reference,
				'x-terra-ordering-timestamp': String(Date.now()),
			},
		};
	});
}

interface Burst {
	startedAt: number;
	/** When the last answer arrived. */
	answeredAt: number;
	latencies: number[];
	statuses: number[];
}

/** Sends every delivery with `concurrency` in flight; each request's time to its answer. */
async function burst(url: URL, items: Delivery[], concurrency: number): Promise<Burst> {
	const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
	const latencies: number[] = [];
	const statuses: number[] = [];
	let next = 0;
	const startedAt = Date.now();
	const lane = async () => {
		while (next < items.length) {
			const { body, headers } = items[next++];
			const started = performance.now();
			try {
				const response = await pool.request({ method: 'POST', path: url.pathname, body, headers });
				await response.body.dump();
				statuses.push(response.statusCode);
			} catch {
				statuses.push(0);
			}
			latencies.push(performance.now() - started);
		}
	};
	try {
		await Promise.all(Array.from({ length: concurrency }, lane));
	} finally {
		await pool.close();
	}
	return { startedAt, answeredAt: Date.now(), latencies, statuses };
}

/** The newest execution id of a workflow ('0' when it has none). */
async function newestExecution(context: BenchContext, workflowId: string): Promise<string> {
	const latest = await context.stack.rest.executions(workflowId);
	return String(Math.max(0, ...latest.map((execution) => Number(execution.id))));
}

/** Every execution of a workflow with an id above `afterId` (n8n's REST API, page by page). */
async function executionsAfter(context: BenchContext, workflowId: string, afterId: string) {
	const all = [];
	for (let beforeId = '999999999999'; ; ) {
		// n8n answers at most 100 per page.
		const page = await context.stack.rest.executionsBetween(workflowId, afterId, { beforeId, limit: 100 });
		all.push(...page);
		if (page.length < 100) return all;
		beforeId = String(Math.min(...page.map((execution) => Number(execution.id))));
	}
}

/**
 * Waits until `expected` executions after `afterId` have finished successfully (and no more started); returns when
 * the last one stopped, by n8n's own clock. Polled only after the burst, so the polling does not load n8n during it.
 */
async function executionsFinished(context: BenchContext, workflowId: string, afterId: string, expected: number): Promise<number> {
	const deadline = Date.now() + 120_000 + expected * 500;
	for (;;) {
		const executions = await executionsAfter(context, workflowId, afterId);
		if (executions.length > expected) throw new Error(`${executions.length} executions for ${expected} deliveries`);
		const failed = executions.filter((execution) => ['error', 'crashed', 'canceled'].includes(execution.status));
		if (failed.length) throw new Error(`${failed.length} of the executions ended ${failed[0].status}`);
		const done = executions.filter((execution) => execution.status === 'success');
		if (done.length === expected) return Math.max(...done.map((execution) => Date.parse(execution.stoppedAt ?? execution.startedAt)));
		if (Date.now() > deadline) throw new Error(`${done.length} of ${expected} executions finished in time (${executions.length} started)`);
		await delay(250);
	}
}

interface RoundResult {
	rate: number;
	answerRate: number;
	latencies: number[];
	/** Expression isolates n8n acquired per delivery in this round (its /metrics; NaN when not available). */
	isolates: number;
	/** CPU time the n8n process (all its threads: JavaScript, SQLite, GC) used per delivery in this round, in ms. */
	cpuMs: number;
}

/** Linux reports a process's CPU times in /proc in units of USER_HZ, which is 100 on every architecture n8n runs on. */
const USER_HZ = 100;

/** The CPU time (user + system, every thread) a process has used so far, in ms; NaN without /proc. */
function processCpuMs(pid: number | undefined): number {
	if (pid === undefined) return NaN;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// utime and stime are fields 14 and 15; the command name (field 2) may contain spaces, so count after it.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
	} catch {
		return NaN;
	}
}

async function oneRound(context: BenchContext, who: 'terra' | 'webhook', load: Load, records: string, tag: string, concurrency: number): Promise<RoundResult> {
	const workflowId = who === 'terra' ? TRIGGER_WORKFLOW : WEBHOOK_WORKFLOW;
	const url = new URL(`${context.stack.n8n.baseUrl}/webhook/${who === 'terra' ? TRIGGER_WEBHOOK_PATH : WEBHOOK_PATH}`);
	const items = deliveries(load, records, `${tag}-${who}`);
	const before = await newestExecution(context, workflowId);
	const isolatesBefore = await isolatesAcquired(context).catch(() => NaN);
	const pid = context.stack.n8n.server?.child.pid;
	const cpuBefore = processCpuMs(pid);
	const sent = await burst(url, items, concurrency);
	const refused = sent.statuses.filter((status) => status !== 200);
	if (refused.length) throw new Error(`${refused.length} of ${items.length} deliveries were not answered 200 (${[...new Set(refused)].join(', ')})`);
	const { answeredAt } = sent;
	const lastStoppedAt = await executionsFinished(context, workflowId, before, items.length);
	// Includes answering the REST calls that counted the executions: the same few for both contenders.
	const cpuMs = (processCpuMs(pid) - cpuBefore) / items.length;
	const seconds = (Math.max(lastStoppedAt, answeredAt) - sent.startedAt) / 1000;
	const isolates = ((await isolatesAcquired(context).catch(() => NaN)) - isolatesBefore) / items.length;
	return { rate: items.length / seconds, answerRate: items.length / ((answeredAt - sent.startedAt) / 1000), latencies: sent.latencies, isolates, cpuMs };
}

/**
 * n8n 2.40.7 gives every webhook request whose trigger is not n8n's own Webhook node a fresh isolated-vm isolate
 * (`webhookPhaseNeedsIsolate` in n8n's live-webhooks) before the trigger's code runs: about 0.3 s of CPU per request
 * with the default expression engine against 0.06 s with N8N_EXPRESSION_ENGINE=legacy. That is n8n's cost, not the
 * package's, so P2 is measured in three settings: the default engine, the default engine with lazy acquire (an
 * isolate only at the first expression evaluated), and the legacy engine; the same `n8n start`, restarted for each.
 */
const ENGINES = [
	{ id: 'default', label: 'n8n’s default expression engine (vm)', env: {} as Record<string, string> },
	{
		id: 'lazy',
		label: 'default engine + N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } as Record<string, string>,
	},
	{ id: 'legacy', label: 'N8N_EXPRESSION_ENGINE=legacy', env: { N8N_EXPRESSION_ENGINE: 'legacy' } as Record<string, string> },
] as const;

/** n8n's /metrics (N8N_METRICS=true): expression isolates taken from the pool so far (0 with the legacy engine). */
const ISOLATES_METRIC = 'n8n_expression_pool_acquired_total';
const METRICS_ENV = { N8N_METRICS: 'true' };

async function isolatesAcquired(context: BenchContext): Promise<number> {
	const response = await fetch(`${context.stack.n8n.baseUrl}/metrics`);
	const text = await response.text();
	// No /metrics (a --quick run keeps the stack's n8n, started without N8N_METRICS): not known, rather than 0.
	if (!response.ok || !text.includes(ISOLATES_METRIC)) return NaN;
	let total = 0;
	for (const line of text.split('\n')) {
		if (line.startsWith(ISOLATES_METRIC)) total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
	}
	return total;
}

const ENGINE_NOTES: Record<(typeof ENGINES)[number]['id'], string> = {
	default:
		'n8n takes an expression isolate for each request to a trigger other than its Webhook node before the trigger runs (live-webhooks webhookPhaseNeedsIsolate); that one is n8n’s cost, not the package’s, and can put this row under the target',
	lazy: 'with lazy acquire n8n builds an isolate only at the first expression it evaluates; Terra Trigger v2 evaluates none in the webhook phase',
	legacy: 'the same n8n restarted with the legacy expression engine, which uses no isolates at all: the package’s own cost',
};

/** Restarts `n8n start` with `env` on top of the stack's settings; waits for both production webhooks and logs in. */
async function restartMain(context: BenchContext, env: Record<string, string>, logName: string): Promise<void> {
	const { n8n, rest } = context.stack;
	await n8n.server?.stop(20_000);
	n8n.server = await n8n.launch('main', ['start'], { port: n8n.options.port, brokerPort: n8n.options.brokerPort, logName, env });
	for (const webhookPath of [TRIGGER_WEBHOOK_PATH, WEBHOOK_PATH]) await n8n.waitForWebhook(webhookPath);
	await rest.ensureOwnerAndLogin();
}

export async function runTriggerScenario(context: BenchContext): Promise<ScenarioResult> {
	const rows: ResultRow[] = [];
	const failures: string[] = [];
	const details: Record<string, unknown> = {};
	// --quick checks agreement with n8n's default engine only: the restart costs more of its 3 minutes than it checks.
	const engines = (context.quick ? ENGINES.slice(0, 1) : ENGINES).filter((engine) => context.only.engines?.includes(engine.id) ?? true);
	if (!engines.length) throw new Error(`--engines= names none of ${ENGINES.map((engine) => engine.id).join(', ')}`);
	for (const engine of engines) {
		// Every engine restarts main, the default one too, with /metrics on (to count isolates per delivery).
		if (!context.quick || engine.id !== 'default') {
			const restartStart = Date.now();
			await restartMain(context, { ...METRICS_ENV, ...engine.env }, `n8n-start-${engine.id}.log`);
			context.log(dim(`  n8n start restarted with ${engine.label} (${ms(Date.now() - restartStart)})`));
		}
		context.log(`  ${engine.label}:`);
		const result = await runEngine(context, engine);
		rows.push(...result.rows);
		failures.push(...result.failures);
		details[engine.id] = result.details;
	}
	return { rows, failures, details };
}

/** Isolates per delivery, for a row; the legacy engine has no isolate pool, so n8n exports no count to show. */
function isolatesText(engine: (typeof ENGINES)[number]['id'], isolates: number): string {
	if (Number.isFinite(isolates)) return `, ${isolates.toFixed(2)} isolates/delivery`;
	return engine === 'legacy' ? '' : ', isolates not counted: n8n metrics off';
}

/** The geometric mean of each round's Terra ÷ Webhook rate (null until both ran in every round). */
function pairedRatio(terra: RoundResult[], webhook: RoundResult[]): number | null {
	if (terra.length === 0 || terra.length !== webhook.length) return null;
	const logs = terra.map((result, index) => Math.log(result.rate / webhook[index].rate));
	return Math.exp(logs.reduce((sum, value) => sum + value, 0) / logs.length);
}

async function runEngine(context: BenchContext, engine: (typeof ENGINES)[number]): Promise<ScenarioResult & { details: Record<string, unknown> }> {
	const { concurrency } = sizes(context.quick).trigger;
	const loads = sizes(context.quick).trigger.loads.filter((load) => context.only.sizes?.includes(load.id) ?? true);
	if (!loads.length) throw new Error(`--sizes= names none of ${sizes(context.quick).trigger.loads.map((load) => load.id).join(', ')}`);
	// Twelve measured rounds, in the order W T | T W | T W | W T, three times: n8n keeps getting faster over a run (JIT,
	// SQLite's caches), so a contender measured later looks better; with each one first in half the rounds and its mean
	// position the same, a steady drift cancels out of the ratio (the geometric mean of the rounds' ratios). n8n's own
	// CPU per delivery spreads by 10–35 % over a size's rounds (for both nodes alike), so a round's ratio is only good
	// to about ±10 %: four rounds left rows ±4 % apart from run to run, eight about ±2 %.
	const rounds = context.quick ? 1 : 12;
	const rows: ResultRow[] = [];
	const failures: string[] = [];
	const details: Record<string, unknown> = {};
	for (const load of loads) {
		const records = sleepRecords(load.bytes);
		const actualBytes = Buffer.byteLength(`{"type":"sleep","bench_delivery":"bench-x-0-terra",${records},"version":"2022-03-16"}`);
		context.log(`  ${load.label} bodies (${Math.round(actualBytes / 1024)} KB), ${load.deliveries} deliveries per round, ${concurrency} in flight`);
		const results = { terra: [] as RoundResult[], webhook: [] as RoundResult[] };
		let failed = false;
		for (let round = context.quick ? 1 : 0; round <= rounds && !failed; round++) {
			const parts: string[] = [];
			for (const who of round === 0 || round % 4 === 2 || round % 4 === 3 ? (['terra', 'webhook'] as const) : (['webhook', 'terra'] as const)) {
				try {
					// The warm-up is a whole round for each: after a quarter-size one, the Webhook node's first measured round
					// (run 1 starts with it) was still its slowest in all nine runs, 10–40 % under its later ones, which favoured the trigger.
					const result = await oneRound(context, who, load, records, `${engine.id}-${load.id}-${round}`, concurrency);
					if (round > 0) results[who].push(result);
					parts.push(
						`${who} ${result.rate.toFixed(1)}/s (answers ${result.answerRate.toFixed(1)}/s, p50 ${ms(quantile(result.latencies, 0.5))}, CPU ${result.cpuMs.toFixed(2)} ms/delivery${isolatesText(engine.id, result.isolates)})`,
					);
				} catch (error) {
					failures.push(`P2 ${engine.id} engine ${load.label} round ${round}, ${who}: ${(error as Error).message}`);
					parts.push(red(`${who} FAILED`));
					failed = true;
				}
			}
			context.log(`  ${round === 0 ? 'warm-up ' : `run ${round}/${rounds}`.padEnd(8)}  ${parts.join('  ·  ')}`);
		}
		const summary = (list: RoundResult[]) => {
			const latencies = list.flatMap((result) => result.latencies);
			return {
				rate: median(list.map((result) => result.rate)),
				p50: quantile(latencies, 0.5),
				p99: quantile(latencies, 0.99),
				isolates: median(list.map((result) => result.isolates)),
				cpuMs: median(list.map((result) => result.cpuMs)),
			};
		};
		const terra = summary(results.terra);
		const webhook = summary(results.webhook);
		context.log(dim(`  n8n's CPU per delivery (median of the rounds): Terra Trigger ${terra.cpuMs.toFixed(2)} ms, Webhook node ${webhook.cpuMs.toFixed(2)} ms`));
		details[load.id] = { bytes: actualBytes, deliveries: load.deliveries, concurrency, terra, webhook, rounds: results };
		const show = (value: { rate: number; p50: number; p99: number; isolates: number; cpuMs: number }) =>
			`${value.rate.toFixed(1)}/s (p50 ${ms(value.p50)}, p99 ${ms(value.p99)}, CPU ${value.cpuMs.toFixed(2)} ms/delivery${isolatesText(engine.id, value.isolates)})`;
		rows.push(
			comparisonRow(
				{
					group: 'P2',
					id: `P2 trigger ${load.label}, ${engine.id} engine`,
					scenario: `Signed ${load.label} deliveries/s through n8n start with ${engine.label}, ${concurrency} in flight: Terra Trigger (default options: verified, Ignore Repeated Deliveries on, 1 event type filtered out, split off) vs Webhook node`,
					note: `${ENGINE_NOTES[engine.id]}. Ratio: the geometric mean of ${rounds} rounds' ratios, each contender first in half of them`,
					ours: show(terra),
					alternative: show(webhook),
					target: { op: '>=', value: 0.95 },
					values: details[load.id] as Record<string, unknown>,
				},
				pairedRatio(results.terra, results.webhook),
				1,
				failed,
			),
		);
		if (!failed) context.log(dim(`  every delivery answered 200 and ran exactly once (executions counted through n8n's REST API)`));
	}
	return { rows, failures, details };
}
