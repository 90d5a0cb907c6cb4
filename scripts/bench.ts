/**
 * `npm run bench` (via scripts/bench.sh, which builds the package and installs n8n first): what the Terra node costs
 * compared with the alternative, measured as ratios within one run. Never a timed test: timings do not fail it.
 *
 * One Terra emulator and one n8n (test/e2e/lib/stack.ts, the e2e suite's setup). Each contender is a bench-only
 * workflow, built here and imported after start, run with `n8n execute --id` again and again: one warm-up round that
 * is discarded, then N measured rounds, with the contenders' order rotated every round. The numbers are each
 * measured node's `executionTime` as n8n records it in the run data, and the wall time of the whole `n8n execute`.
 *
 * Scenarios
 *   same-request  Sleep → Get Many for one week (Output: Full Records) vs n8n's HTTP Request node with the Terra API
 *                 credential (Predefined Credential Type) sending the same GET. Each workflow calls twice in a row:
 *                 every `n8n execute` is a new process, so the first call is cold and the second warm (closer to a
 *                 long-running n8n). Both are reported.
 *   long-range    One year of Daily data with samples: the Terra node with its defaults (30-day windows, 3 parallel),
 *                 with Parallel Requests = 1, and the HTTP Request node asking for the whole year in one request.
 * Each scenario also times the same GET with fetch + JSON.parse from this process, without n8n: the emulator's and the
 * transfer's share of the numbers.
 *
 * Every run is checked: it must succeed, the emulator must have answered every request with 200 (its rate-limit
 * windows are reset before each run, so rule r2 never interferes), and all contenders must output the same records.
 *
 *   --runs=N       measured rounds (default 7, at least 5)
 *   --only=a,b     scenarios: same-request, long-range
 *
 * Results: a table on stdout, and JSON in node_modules/.cache/n8n-nodes-terra/bench/results.json (plus a copy per
 * run in history/). Exit code 1 only when something functionally failed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { RecordedRequestJson } from './lib/emulatorProcess';
import { bold, describeError, dim, green, red } from './lib/terminal';
import type { NodeItem, RunJson } from './lib/n8n';
import { stopAll } from './lib/processes';
import { onShutdown } from './lib/signals';
import { n8nRuntime, packageManifest, pinnedN8nVersion, REPO, STATE_ROOT } from './lib/runtime';
import { EMULATOR_API_KEY, EMULATOR_DEV_ID, startStack, type Stack } from './lib/stack';
import { CREDENTIAL, WorkflowBuilder, type N8nWorkflow } from '../examples/lib/builder';
import { userById, USERS } from '../examples/lib/fixtures';

const STATE = path.join(STATE_ROOT, 'bench');
const SIGNING_SECRET = 'bench-signing-secret-not-a-secret';
/** n8n's HTTP Request node in the version the editor adds in n8n 2.40 (its defaultVersion). */
const HTTP_REQUEST = { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.5 } as const;
/** `n8n execute` prints the whole run (100+ MB with samples); the CLI log files keep only its ends. */
const LOG_LIMIT = 20_000;

type Json = Record<string, unknown>;

interface Contender {
	key: string;
	label: string;
	/** An n8n workflow, run with `n8n execute --id`. */
	workflowId?: string;
	/** Or no n8n at all: the same GET with fetch and JSON.parse from this process, to show what the emulator costs. */
	direct?: { path: string; query: Record<string, string> };
	/** Terra outputs one item per record; the HTTP Request node one item with Terra's whole answer (`data`). */
	output: 'items' | 'data';
	/** Requests one call must send (the windows of a split range). */
	requestsPerCall: number;
}

interface Scenario {
	id: string;
	title: string;
	/** The contender the ratios divide by. */
	reference: string;
	/** The contender's node runs this many times in one `n8n execute` (call 1 is the process's first). */
	calls: number;
	/** Records every call must output; undefined: any number above zero, as long as all contenders agree. */
	expectedRecords?: number;
	/** Every request of every contender must carry the same query (the same request, apples to apples). */
	sameQuery?: boolean;
	notes: string[];
	contenders: Contender[];
	workflows(apiBaseUrl: string): N8nWorkflow[];
}

// ---------------------------------------------------------------------------------------------------- workflows

const SLEEP = { user: USERS.oura, start: '2026-07-01', end: '2026-07-08' };
const DAILY = { user: USERS.garmin, start: '2025-07-01', end: '2026-07-01', days: 365, windows: 13 };
/** The query the Terra node sends, written out for the HTTP Request node and the direct fetch. */
const SLEEP_QUERY = {
	user_id: SLEEP.user.userId,
	start_date: SLEEP.start,
	end_date: SLEEP.end,
	to_webhook: 'false',
	with_samples: 'false',
};
const DAILY_QUERY = {
	user_id: DAILY.user.userId,
	start_date: DAILY.start,
	end_date: DAILY.end,
	to_webhook: 'false',
	with_samples: 'true',
};

function callName(base: string, call: number): string {
	return call === 1 ? base : `${base} (call ${call})`;
}

/** Start → the same node `calls` times, as parallel branches (n8n runs them top to bottom). */
function benchWorkflow(
	id: string,
	name: string,
	note: string,
	calls: number,
	base: string,
	addNode: (builder: WorkflowBuilder, nodeName: string, position: [number, number]) => void,
): N8nWorkflow {
	const builder = new WorkflowBuilder(id, name);
	builder.sticky(`## Benchmark only (npm run bench)\n\n${note}`, [-480, -160], 400, 300, 3);
	builder.manualTrigger([0, 0], 'Start');
	for (let call = 1; call <= calls; call++) {
		addNode(builder, callName(base, call), [300, (call - 1) * 200]);
		builder.connect('Start', callName(base, call));
	}
	const workflow = builder.build();
	// Runs are not kept: many runs of 50+ MB each would grow n8n's SQLite database by gigabytes.
	workflow.settings = {
		...workflow.settings,
		saveDataSuccessExecution: 'none',
		saveManualExecutions: false,
		saveExecutionProgress: false,
	};
	return workflow;
}

function terraWorkflow(id: string, name: string, note: string, calls: number, base: string, parameters: Json): N8nWorkflow {
	return benchWorkflow(id, name, note, calls, base, (builder, nodeName, position) => {
		builder.terra(nodeName, position, parameters);
	});
}

function httpWorkflow(
	id: string,
	name: string,
	note: string,
	calls: number,
	base: string,
	url: string,
	query: Record<string, string>,
): N8nWorkflow {
	return benchWorkflow(id, name, note, calls, base, (builder, nodeName, position) => {
		builder.node({
			name: nodeName,
			...HTTP_REQUEST,
			position,
			parameters: {
				method: 'GET',
				url,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'terraApi',
				sendQuery: true,
				specifyQuery: 'keypair',
				queryParameters: { parameters: Object.entries(query).map(([queryName, value]) => ({ name: queryName, value })) },
				options: {},
			},
			credentials: { terraApi: { ...CREDENTIAL } },
		});
	});
}

function sameRequestWorkflows(api: string): N8nWorkflow[] {
	return [
		terraWorkflow(
			'benchSleepTerra',
			'Terra bench · same request · Terra node',
			'One week of sleep, Full Records, twice in one process.',
			2,
			'Terra: Sleep → Get Many',
			{
				resource: 'sleep',
				operation: 'getAll',
				user: userById(SLEEP.user.userId),
				startDate: `${SLEEP.start}T00:00:00`,
				endDate: `${SLEEP.end}T00:00:00`,
				delivery: 'inline',
				output: 'full',
				withSamples: false,
				options: {},
			},
		),
		httpWorkflow(
			'benchSleepHttp',
			'Terra bench · same request · HTTP Request node',
			'The same GET /sleep with the HTTP Request node and the Terra API credential, twice in one process.',
			2,
			'HTTP Request: GET /sleep',
			`${api}/sleep`,
			SLEEP_QUERY,
		),
	];
}

function longRangeWorkflows(api: string): N8nWorkflow[] {
	const daily = (options: Json): Json => ({
		resource: 'daily',
		operation: 'getAll',
		user: userById(DAILY.user.userId),
		startDate: `${DAILY.start}T00:00:00`,
		endDate: `${DAILY.end}T00:00:00`,
		delivery: 'inline',
		output: 'full',
		withSamples: true,
		options,
	});
	return [
		terraWorkflow(
			'benchYearTerra',
			'Terra bench · long range · Terra node, defaults',
			'A year of daily data with samples; the node splits it into 30-day windows, 3 at a time.',
			1,
			'Terra: Daily → Get Many',
			daily({}),
		),
		terraWorkflow(
			'benchYearTerraSeq',
			'Terra bench · long range · Terra node, 1 at a time',
			'A year of daily data with samples; 30-day windows, one at a time (Parallel Requests = 1).',
			1,
			'Terra: Daily → Get Many, 1 at a time',
			daily({ concurrency: 1 }),
		),
		httpWorkflow(
			'benchYearHttp',
			'Terra bench · long range · HTTP Request node',
			'A year of daily data with samples in one request (real Terra would time out or answer 413).',
			1,
			'HTTP Request: GET /daily',
			`${api}/daily`,
			DAILY_QUERY,
		),
	];
}

const SCENARIOS: Scenario[] = [
	{
		id: 'same-request',
		title: 'Same request: one week of sleep, Full Records',
		reference: 'http',
		calls: 2,
		sameQuery: true,
		notes: [
			'call 1 is the first node call in its `n8n execute` process (cold), call 2 the same node again right after (warm).',
		],
		contenders: [
			{
				key: 'terra',
				label: 'Terra node (Sleep → Get Many)',
				workflowId: 'benchSleepTerra',
				output: 'items',
				requestsPerCall: 1,
			},
			{
				key: 'http',
				label: 'HTTP Request node (terraApi credential)',
				workflowId: 'benchSleepHttp',
				output: 'data',
				requestsPerCall: 1,
			},
			{
				key: 'direct',
				label: 'no n8n: fetch + JSON.parse in this process',
				direct: { path: '/sleep', query: SLEEP_QUERY },
				output: 'data',
				requestsPerCall: 1,
			},
		],
		workflows: sameRequestWorkflows,
	},
	{
		id: 'long-range',
		title: `Long range: ${DAILY.days} days of Daily with samples`,
		reference: 'http',
		calls: 1,
		expectedRecords: DAILY.days,
		notes: [
			`the Terra node sends ${DAILY.windows} requests (30-day windows), the HTTP Request node one for the whole year (53 MB).`,
			'real Terra has a ~30 s gateway timeout and response size limits (413) that a single request over a long range with samples runs into; the emulator has neither, so this compares speed only.',
			'the emulator is one local process generating data on one core, so parallel windows overlap less than against real Terra, whose latency is mostly waiting on the providers.',
		],
		contenders: [
			{
				key: 'terra',
				label: 'Terra node, defaults (30-day windows, 3 parallel)',
				workflowId: 'benchYearTerra',
				output: 'items',
				requestsPerCall: DAILY.windows,
			},
			{
				key: 'terra-sequential',
				label: 'Terra node, Parallel Requests = 1',
				workflowId: 'benchYearTerraSeq',
				output: 'items',
				requestsPerCall: DAILY.windows,
			},
			{
				key: 'http',
				label: 'HTTP Request node, one request for the year',
				workflowId: 'benchYearHttp',
				output: 'data',
				requestsPerCall: 1,
			},
			{
				key: 'direct',
				label: 'no n8n: fetch + JSON.parse in this process',
				direct: { path: '/daily', query: DAILY_QUERY },
				output: 'data',
				requestsPerCall: 1,
			},
		],
		workflows: longRangeWorkflows,
	},
];

// ----------------------------------------------------------------------------------------------- measurement

interface Sample {
	scenario: string;
	contender: string;
	round: number;
	/** 1-based position of this call in its `n8n execute` process. */
	call: number;
	node: string;
	/** The node's executionTime; for the direct fetch, its duration. */
	executionTimeMs: number;
	/** The whole `n8n execute`; null for the direct fetch. */
	wallMs: number | null;
	records: number;
	requests: number;
}

interface Row {
	scenario: string;
	contender: string;
	label: string;
	call: number;
	n: number;
	nodeMedianMs: number;
	nodeP90Ms: number;
	nodeMinMs: number;
	nodeMaxMs: number;
	wallMedianMs: number;
	/** Median node time over the reference contender's, same call. */
	ratio: number;
	reference: boolean;
	/** The fetch without n8n (no node, no process of its own). */
	direct: boolean;
}

class FunctionalFailure extends Error {}

function fail(message: string): never {
	throw new FunctionalFailure(message);
}

function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (!sorted.length) return NaN;
	// Nearest rank: with 7 samples p90 is the 7th (the largest), the median the 4th.
	const rank = Math.max(1, Math.ceil(q * sorted.length));
	return sorted[rank - 1];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rotated contender order: round r starts with contender r mod k (for two contenders: they alternate). */
function rotation<T>(items: T[], round: number): T[] {
	const shift = round % items.length;
	return [...items.slice(shift), ...items.slice(0, shift)];
}

function recordsOf(contender: Contender, items: NodeItem[], node: string): Json[] {
	if (contender.output === 'items') return items.map((item) => item.json);
	if (items.length !== 1) fail(`${node}: expected one item with Terra's answer, got ${items.length}`);
	const data = items[0].json.data;
	if (!Array.isArray(data)) fail(`${node}: the answer has no data array (keys: ${Object.keys(items[0].json).join(', ')})`);
	return data as Json[];
}

function digest(records: Json[]): string {
	return createHash('sha256').update(JSON.stringify(records)).digest('hex');
}

function sortedQuery(request: RecordedRequestJson): string {
	return JSON.stringify(Object.fromEntries(Object.entries(request.query).sort(([a], [b]) => a.localeCompare(b))));
}

/** What every contender of a scenario must agree on (set by the first run that gets there). */
interface Agreement {
	digest?: string;
	records?: number;
	by?: string;
	/** With `sameQuery`: the query every request must carry. */
	query?: string;
}

async function runOnce(
	stack: Stack,
	scenario: Scenario,
	contender: Contender,
	round: number,
	agreement: Agreement,
): Promise<Sample[]> {
	await stack.emulator.resetRateLimits();
	await stack.emulator.clearRequests();
	const workflowId = contender.workflowId!;
	const result = await stack.n8n.execute(workflowId, { timeoutMs: 300_000, logLimit: LOG_LIMIT, largeOutput: true });
	const requests = await stack.emulator.requests();
	const run: RunJson | undefined = result.run;
	const error = run?.data.resultData.error;
	if (result.code !== 0 || !run || run.status !== 'success' || error) {
		const detail = error
			? `${error.node?.name ? `${error.node.name}: ` : ''}${error.message}`
			: `no complete run JSON in its ${result.stdout.length} characters of output; stderr ends:\n${result.stderr.slice(-2000).trim()}`;
		fail(`${workflowId}: n8n execute exited ${result.code}, status ${run?.status ?? 'unknown'}: ${detail}`);
	}

	const notOk = requests.filter((request) => request.status !== 200);
	if (notOk.length) {
		fail(`${workflowId}: the emulator answered ${notOk.map((r) => `${r.status} ${r.method} ${r.path}`).join(', ')}`);
	}
	const expectedRequests = contender.requestsPerCall * scenario.calls;
	if (requests.length !== expectedRequests) {
		fail(`${workflowId}: expected ${expectedRequests} requests to Terra, the emulator saw ${requests.length}`);
	}
	if (scenario.sameQuery) {
		for (const request of requests) {
			const query = sortedQuery(request);
			agreement.query ??= query;
			if (query !== agreement.query) fail(`${workflowId}: sent ${query}, another contender ${agreement.query}`);
		}
	}

	// The measured nodes, in the order n8n ran them.
	const measured = Object.entries(run.data.resultData.runData)
		.filter(([name]) => name !== 'Start')
		.map(([name, runs]) => ({ name, run: runs[0] }))
		.sort((a, b) => (a.run.executionIndex ?? 0) - (b.run.executionIndex ?? 0));
	if (measured.length !== scenario.calls) fail(`${workflowId}: ${measured.length} nodes ran, expected ${scenario.calls}`);

	return measured.map(({ name, run: nodeRun }, index) => {
		if (typeof nodeRun.executionTime !== 'number') fail(`${name}: n8n recorded no executionTime`);
		const records = recordsOf(contender, nodeRun.data?.main?.[0] ?? [], name);
		agree(scenario, agreement, records, name);
		return {
			scenario: scenario.id,
			contender: contender.key,
			round,
			call: index + 1,
			node: name,
			executionTimeMs: nodeRun.executionTime,
			wallMs: result.ms,
			records: records.length,
			requests: contender.requestsPerCall,
		};
	});
}

/** Checks a contender's records against what the others output; throws when they differ. */
function agree(scenario: Scenario, agreement: Agreement, records: Json[], who: string): void {
	if (!records.length) fail(`${who}: no records`);
	if (scenario.expectedRecords !== undefined && records.length !== scenario.expectedRecords) {
		fail(`${who}: ${records.length} records, expected ${scenario.expectedRecords}`);
	}
	const hash = digest(records);
	if (agreement.digest === undefined) {
		Object.assign(agreement, { digest: hash, records: records.length, by: who });
	} else if (hash !== agreement.digest) {
		fail(`${who} output ${records.length} records that differ from ${agreement.by}'s ${agreement.records}`);
	}
}

/** The floor: the same GET from this process with fetch and JSON.parse, no n8n involved. */
async function fetchOnce(stack: Stack, scenario: Scenario, contender: Contender, round: number, agreement: Agreement): Promise<Sample[]> {
	const { path: route, query } = contender.direct!;
	const url = `${stack.emulator.apiBaseUrl}${route}?${new URLSearchParams(query).toString()}`;
	const samples: Sample[] = [];
	for (let call = 1; call <= scenario.calls; call++) {
		await stack.emulator.resetRateLimits();
		const started = performance.now();
		const response = await fetch(url, { headers: { 'dev-id': EMULATOR_DEV_ID, 'x-api-key': EMULATOR_API_KEY } });
		const body = (await response.json()) as Json;
		const elapsed = performance.now() - started;
		if (response.status !== 200) fail(`direct GET ${route}: HTTP ${response.status}`);
		const records = body.data;
		if (!Array.isArray(records)) fail(`direct GET ${route}: no data array`);
		agree(scenario, agreement, records as Json[], `direct GET ${route}`);
		samples.push({
			scenario: scenario.id,
			contender: contender.key,
			round,
			call,
			node: `GET ${route}`,
			executionTimeMs: Math.round(elapsed),
			wallMs: null,
			records: records.length,
			requests: 1,
		});
	}
	return samples;
}

function rowsFor(scenario: Scenario, samples: Sample[]): Row[] {
	const rows: Row[] = [];
	for (let call = 1; call <= scenario.calls; call++) {
		const of = (key: string) => samples.filter((sample) => sample.contender === key && sample.call === call);
		const referenceMedian = median(of(scenario.reference).map((sample) => sample.executionTimeMs));
		for (const contender of scenario.contenders) {
			const mine = of(contender.key);
			const times = mine.map((sample) => sample.executionTimeMs);
			rows.push({
				scenario: scenario.id,
				contender: contender.key,
				label: contender.label,
				call,
				n: mine.length,
				nodeMedianMs: median(times),
				nodeP90Ms: quantile(times, 0.9),
				nodeMinMs: Math.min(...times),
				nodeMaxMs: Math.max(...times),
				wallMedianMs: median(mine.flatMap((sample) => (sample.wallMs === null ? [] : [sample.wallMs]))),
				ratio: median(times) / referenceMedian,
				reference: contender.key === scenario.reference,
				direct: Boolean(contender.direct),
			});
		}
	}
	return rows;
}

// -------------------------------------------------------------------------------------------------- reporting

function machineFacts(stack: Stack | undefined) {
	let n8nVersion = 'unknown';
	let n8nNode = 'unknown';
	try {
		const runtime = n8nRuntime();
		n8nVersion = runtime.n8nVersion;
		n8nNode = execFileSync(runtime.node, ['-v'], { encoding: 'utf8' }).trim();
	} catch {
		// no runtime (setup failed): reported as unknown
	}
	let commit = 'unknown';
	try {
		commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO, encoding: 'utf8' }).trim();
		if (dirty) commit += ' (with uncommitted changes)';
	} catch {
		// not a git checkout
	}
	const cpus = os.cpus();
	return {
		cores: cpus.length,
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		memoryGb: Math.round(os.totalmem() / 2 ** 30),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		nodeBench: process.version,
		nodeN8n: n8nNode,
		n8n: n8nVersion,
		package: `${packageManifest().name} ${packageManifest().version}`,
		commit,
		emulator: stack?.emulator.url,
	};
}

function ms(value: number): string {
	return Number.isFinite(value) ? `${Math.round(value)} ms` : '–';
}

function seconds(value: number): string {
	return Number.isFinite(value) ? `${(value / 1000).toFixed(1)} s` : '–';
}

function table(rows: Row[], scenarios: Scenario[]): string {
	const header = ['scenario', 'contender', 'call', 'N', 'node median', 'node p90', 'wall median', 'ratio'];
	const body = rows.map((row) => {
		const scenario = scenarios.find((candidate) => candidate.id === row.scenario)!;
		return [
			row.scenario,
			row.label,
			scenario.calls > 1 && !row.direct ? (row.call === 1 ? '1 (cold)' : `${row.call} (warm)`) : String(row.call),
			String(row.n),
			ms(row.nodeMedianMs),
			ms(row.nodeP90Ms),
			seconds(row.wallMedianMs),
			row.reference ? '1.00 (ref)' : Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : '–',
		];
	});
	const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
	const right = new Set([3, 4, 5, 6, 7]);
	const line = (cells: string[]) =>
		cells.map((cell, column) => (right.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
	return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

/** Word-wraps `text` to `width` columns, every line indented, continuation lines twice. */
function wrap(text: string, width: number, indent: string): string {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + word.length + 1 > width) {
			lines.push(line);
			line = `  ${word}`;
		} else {
			line = line ? `${line} ${word}` : word;
		}
	}
	if (line) lines.push(line);
	return lines.map((part) => `${indent}${part}`).join('\n');
}

// ------------------------------------------------------------------------------------------------------- main

function parseArgs() {
	const value = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
	const runs = Number(value('runs') ?? 7);
	if (!Number.isInteger(runs) || runs < 5) throw new Error('--runs must be a whole number, at least 5');
	const only = value('only')?.split(',');
	const unknown = only?.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id)) ?? [];
	if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.id).join(', ')})`);
	return { runs, scenarios: SCENARIOS.filter((scenario) => !only || only.includes(scenario.id)) };
}

async function main(): Promise<number> {
	const { runs, scenarios } = parseArgs();
	onShutdown(async (signal) => {
		console.log(`\n${signal}: stopping n8n and the emulator…`);
		await stopAll();
	});

	const startedAt = new Date();
	const loadBefore = os.loadavg();
	const failures: string[] = [];
	const samples: Sample[] = [];
	let stack: Stack | undefined;
	mkdirSync(STATE, { recursive: true });

	try {
		console.log(bold('▶ Setup: one Terra emulator and one n8n with the packed package'));
		const runtime = n8nRuntime();
		if (runtime.n8nVersion !== pinnedN8nVersion()) {
			throw new Error(`installed n8n ${runtime.n8nVersion} is not the pinned ${pinnedN8nVersion()}: run scripts/install-n8n.sh`);
		}
		stack = await startStack({
			root: path.join(STATE, 'n8n'),
			signingSecret: SIGNING_SECRET,
			workflowDirs: [],
			publish: [],
			webhookIds: [],
			step: async (name, fn) => {
				const stepStart = Date.now();
				const value = await fn();
				console.log(`  ✓ ${name} ${dim(`(${seconds(Date.now() - stepStart)})`)}`);
				return value;
			},
		});
		const ready = stack;
		// The HTTP Request node's URL names the emulator, whose port is known only now.
		const workflowDir = path.join(STATE, 'workflows');
		mkdirSync(workflowDir, { recursive: true });
		for (const scenario of scenarios) {
			for (const workflow of scenario.workflows(ready.emulator.apiBaseUrl)) {
				writeFileSync(path.join(workflowDir, `${workflow.id}.json`), `${JSON.stringify(workflow, null, '\t')}\n`);
			}
		}
		await ready.n8n.importWorkflows([workflowDir]);
		console.log(`  ✓ bench workflows imported ${dim(`(${path.relative(REPO, workflowDir)}/)`)}`);

		for (const scenario of scenarios) {
			console.log(`\n${bold(`▶ ${scenario.title}`)} ${dim(`(1 warm-up round, then ${runs}; order rotated every round)`)}`);
			const agreement: Agreement = {};
			const failuresBefore = failures.length;
			for (let round = 0; round <= runs; round++) {
				const order = rotation(scenario.contenders, round);
				const parts: string[] = [];
				for (const contender of order) {
					try {
						const measure = contender.direct ? fetchOnce : runOnce;
						const got = await measure(ready, scenario, contender, round, agreement);
						if (round > 0) samples.push(...got);
						const times = got.map((sample) => ms(sample.executionTimeMs)).join(' + ');
						const wall = got[0].wallMs === null ? '' : ` ${dim(`(wall ${seconds(got[0].wallMs)})`)}`;
						parts.push(`${contender.key} ${times}${wall}`);
					} catch (error) {
						if (!(error instanceof FunctionalFailure)) throw error;
						failures.push(`${scenario.id} round ${round}: ${error.message}`);
						parts.push(red(`${contender.key} FAILED`));
					}
				}
				console.log(`  ${round === 0 ? 'warm-up ' : `run ${round}/${runs}`.padEnd(8)}  ${parts.join('  ·  ')}`);
			}
			if (agreement.records !== undefined && failures.length === failuresBefore) {
				const digestStart = agreement.digest?.slice(0, 12);
				console.log(dim(`  every run of every contender output the same ${agreement.records} records (sha256 ${digestStart}…)`));
			}
		}
	} catch (error) {
		failures.push(`setup or runner: ${describeError(error)}`);
		console.log(red(`\n${describeError(error)}`));
		if (stack) console.log(`\nlast lines of the n8n log:\n${stack.n8n.server?.logTail(30) ?? ''}`);
	} finally {
		await stack?.stop();
		await stopAll();
	}

	const rows = scenarios.flatMap((scenario) => rowsFor(scenario, samples.filter((sample) => sample.scenario === scenario.id)));
	const machine = machineFacts(stack);
	const loadAfter = os.loadavg();
	console.log(`\n${bold('Results')}`);
	console.log(table(rows, scenarios));
	const legend = [
		'node: the measured node’s executionTime in n8n’s run data (median, p90 by nearest rank); wall: the whole `n8n execute` process, including its start (~3 s) and printing the run; ratio: node median / the reference’s node median, same call. “no n8n” is the same GET with fetch and JSON.parse from the benchmark’s own process: what the emulator and the transfer cost, without any n8n.',
		...scenarios.flatMap((scenario) => scenario.notes.map((note) => `${scenario.id}: ${note}`)),
		`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ${machine.os}; load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after.`,
		`software: n8n ${machine.n8n} on Node ${machine.nodeN8n}; the benchmark on Node ${machine.nodeBench}; ${machine.package} at ${machine.commit}.`,
	];
	for (const text of legend) console.log(dim(wrap(text, 116, '  ')));

	const results = {
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		runs,
		machine: { ...machine, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
		scenarios: scenarios.map((scenario) => ({
			id: scenario.id,
			title: scenario.title,
			reference: scenario.reference,
			callsPerExecute: scenario.calls,
			notes: scenario.notes,
			contenders: scenario.contenders,
			rows: rows.filter((row) => row.scenario === scenario.id),
		})),
		samples,
		failures,
	};
	const history = path.join(STATE, 'history');
	mkdirSync(history, { recursive: true });
	const text = `${JSON.stringify(results, null, 2)}\n`;
	writeFileSync(path.join(STATE, 'results.json'), text);
	writeFileSync(path.join(history, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`), text);
	console.log(`\nresults: ${path.relative(REPO, path.join(STATE, 'results.json'))}`);

	if (failures.length) {
		console.log(red(`\n${failures.length} functional failure(s):`));
		for (const failure of failures) console.log(red(`  ✗ ${failure}`));
		return 1;
	}
	console.log(green('every run succeeded and the contenders agreed on the records'));
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
