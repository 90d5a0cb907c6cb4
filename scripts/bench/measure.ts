/**
 * One measured run of one contender: `n8n execute` of its workflow (or, for the no-n8n floor, the same GET with fetch
 * from this process), checked before it counts. It must succeed; the emulator must have answered every request with
 * 200 (its rate-limit windows are reset before each run, see execute.ts); it must
 * send the requests the set expects (count, same query, no request over the set's day limit); and its records must
 * equal every other contender's, in the same order. A failed check throws FunctionalFailure. The peak resident memory
 * of the `n8n execute` process comes from rss-hook.js.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import type { RecordedRequestJson } from '../lib/emulatorProcess';
import type { NodeItem, NodeRun, RunJson } from '../lib/n8n';
import { describeExit } from '../lib/processes';
import { EMULATOR_API_KEY, EMULATOR_DEV_ID, type Stack } from '../lib/stack';
import { executeFresh } from './execute';
import type { BenchContext, Contender, ContenderSet, Json, Sample } from './model';

/** `n8n execute` prints the whole run (100+ MB with samples); the CLI log files keep only its ends. */
const LOG_LIMIT = 20_000;
const RSS_HOOK = path.join(__dirname, 'rss-hook.js');

export class FunctionalFailure extends Error {}

function fail(message: string): never {
	throw new FunctionalFailure(message);
}

/** The records a node output, as the contender's output mode holds them. */
function recordsOf(contender: Contender, items: NodeItem[], node: string): Json[] {
	if (contender.output === 'items' || contender.output === 'count') return items.map((item) => item.json);
	if (contender.output === 'responses') {
		return items.flatMap((item, index) => {
			const data = item.json.data;
			if (!Array.isArray(data)) fail(`${node}: response ${index + 1} has no data array (keys: ${Object.keys(item.json).join(', ')})`);
			return data as Json[];
		});
	}
	if (items.length !== 1) fail(`${node}: expected one item with Terra's answer, got ${items.length}`);
	if (contender.output === 'fingerprint') return fingerprintRecords(items[0].json, node);
	const data = items[0].json.data;
	if (!Array.isArray(data)) fail(`${node}: the answer has no data array (keys: ${Object.keys(items[0].json).join(', ')})`);
	return data as Json[];
}

/** The backfills' Aggregate output (one item of parallel arrays: start, end, avg_hr) as one record per day. */
function fingerprintRecords(json: Json, node: string): Json[] {
	const { start, end, avg_hr: avgHr } = json as { start?: unknown; end?: unknown; avg_hr?: unknown };
	if (!Array.isArray(start) || !Array.isArray(end) || !Array.isArray(avgHr) || start.length !== end.length || start.length !== avgHr.length) {
		fail(`${node}: expected the fingerprint's start, end and avg_hr arrays of one length (keys: ${Object.keys(json).join(', ')})`);
	}
	return start.map((value, index) => ({ start: value, end: end[index], avg_hr: avgHr[index] }));
}

function digest(records: Json[]): string {
	return createHash('sha256').update(JSON.stringify(records)).digest('hex');
}

function sortedQuery(request: RecordedRequestJson): string {
	return JSON.stringify(Object.fromEntries(Object.entries(request.query).sort(([a], [b]) => a.localeCompare(b))));
}

export function spanDays(request: RecordedRequestJson): number {
	const start = Date.parse(String(request.query.start_date));
	const end = Date.parse(String(request.query.end_date ?? request.query.start_date));
	return Math.max(1, Math.round((end - start) / 86_400_000));
}

/** What every contender of a set must agree on (set by the first run that gets there). */
export interface Agreement {
	digest?: string;
	records?: number;
	by?: string;
	/** With `sameQuery`: the query every request must carry. */
	query?: string;
}

/** The peak RSS the hook reported for the `n8n execute` process (not a helper it started), then the reports go. */
function peakRss(dir: string): number | null {
	let peak: number | null = null;
	for (const file of readdirSync(dir)) {
		try {
			const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { argv: string[]; maxRssBytes: number };
			if (report.argv.includes('execute')) peak = Math.max(peak ?? 0, report.maxRssBytes);
		} catch {
			// a half-written report: ignored
		}
	}
	rmSync(dir, { recursive: true, force: true });
	return peak;
}

/** The node runs that count: `measuredNode` if set, else every node but Start, in the order n8n ran them. */
function measuredRuns(run: RunJson, contender: Contender): Array<{ name: string; run: NodeRun }> {
	const all = Object.entries(run.data.resultData.runData)
		.filter(([name]) => name !== 'Start')
		.map(([name, runs]) => ({ name, run: runs[0] }))
		.sort((a, b) => (a.run.executionIndex ?? 0) - (b.run.executionIndex ?? 0));
	return contender.measuredNode ? all.filter(({ name }) => name === contender.measuredNode) : all;
}

/** A workflow contender: one `n8n execute`, checked; one sample per measured node in the order n8n ran them. */
async function runOnce(context: BenchContext, set: ContenderSet, contender: Contender, round: number, agreement: Agreement): Promise<Sample[]> {
	const { stack, rssDir } = context;
	const workflowId = contender.workflowId!;
	let reports = '';
	const result = await executeFresh(context, workflowId, () => {
		// Each attempt reports into its own directory; a crashed attempt's reports go with it.
		if (reports) rmSync(reports, { recursive: true, force: true });
		reports = path.join(rssDir, `${workflowId}-${round}-${Date.now()}`);
		mkdirSync(reports, { recursive: true });
		return {
			timeoutMs: 900_000,
			logLimit: LOG_LIMIT,
			largeOutput: true,
			env: { NODE_OPTIONS: `--require=${RSS_HOOK}`, TERRA_BENCH_RSS_DIR: reports },
		};
	});
	const peakRssBytes = peakRss(reports);
	const requests = await stack.emulator.requests();
	const run: RunJson | undefined = result.run;
	const error = run?.data.resultData.error;
	if (result.code !== 0 || !run || run.status !== 'success' || error) {
		const detail = error
			? `${error.node?.name ? `${error.node.name}: ` : ''}${error.message}`
			: `${run ? 'it printed the run' : `no complete run JSON in its ${result.stdout.length} characters of output`}; stderr ends:\n${result.stderr.slice(-2000).trim()}`;
		fail(`${workflowId}: n8n execute ${describeExit(result)}, status ${run?.status ?? 'unknown'}: ${detail}`);
	}

	const notOk = requests.filter((request) => request.status !== 200);
	if (notOk.length) fail(`${workflowId}: the emulator answered ${notOk.slice(0, 5).map((r) => `${r.status} ${r.method} ${r.path}`).join(', ')}`);
	const expectedRequests = contender.requestsPerCall * set.calls;
	if (requests.length !== expectedRequests) fail(`${workflowId}: expected ${expectedRequests} requests to Terra, the emulator saw ${requests.length}`);
	if (set.maxDaysPerRequest !== undefined) {
		const longest = Math.max(...requests.map(spanDays));
		if (longest > set.maxDaysPerRequest) fail(`${workflowId}: a request covered ${longest} days (at most ${set.maxDaysPerRequest})`);
	}
	if (set.sameQuery) {
		for (const request of requests) {
			const query = sortedQuery(request);
			agreement.query ??= query;
			if (query !== agreement.query) fail(`${workflowId}: sent ${query}, another contender ${agreement.query}`);
		}
	}

	const measured = measuredRuns(run, contender);
	if (measured.length !== set.calls) fail(`${workflowId}: ${measured.length} measured nodes ran, expected ${set.calls}`);
	return measured.map(({ name, run: nodeRun }, index) => {
		if (typeof nodeRun.executionTime !== 'number') fail(`${name}: n8n recorded no executionTime`);
		const records = recordsOf(contender, nodeRun.data?.main?.[0] ?? [], name);
		agree(set, contender, agreement, records, name);
		return {
			set: set.id,
			contender: contender.key,
			round,
			call: index + 1,
			node: name,
			executionTimeMs: nodeRun.executionTime,
			wallMs: result.ms,
			peakRssBytes,
			records: records.length,
			requests: contender.requestsPerCall,
		};
	});
}

/** Checks a contender's records against what the others output; throws when they differ. */
function agree(set: ContenderSet, contender: Contender, agreement: Agreement, records: Json[], who: string): void {
	if (!records.length) fail(`${who}: no records`);
	if (set.expectedRecords !== undefined && records.length !== set.expectedRecords) {
		fail(`${who}: ${records.length} records, expected ${set.expectedRecords}`);
	}
	if (contender.output === 'count') {
		if (agreement.records !== undefined && records.length !== agreement.records) fail(`${who}: ${records.length} records, ${agreement.by} ${agreement.records}`);
		return;
	}
	const hash = digest(records);
	if (agreement.digest === undefined) {
		Object.assign(agreement, { digest: hash, records: records.length, by: who });
	} else if (hash !== agreement.digest) {
		fail(`${who} output ${records.length} records that differ from ${agreement.by}'s ${agreement.records}`);
	}
}

/** The floor: the same GET from this process with fetch and JSON.parse, no n8n involved. */
async function fetchOnce(stack: Stack, set: ContenderSet, contender: Contender, round: number, agreement: Agreement): Promise<Sample[]> {
	const { path: route, query } = contender.direct!;
	const url = `${stack.emulator.apiBaseUrl}${route}?${new URLSearchParams(query).toString()}`;
	const samples: Sample[] = [];
	for (let call = 1; call <= set.calls; call++) {
		await stack.emulator.resetRateLimits();
		const started = performance.now();
		const response = await fetch(url, { headers: { 'dev-id': EMULATOR_DEV_ID, 'x-api-key': EMULATOR_API_KEY } });
		const body = (await response.json()) as Json;
		const elapsed = performance.now() - started;
		if (response.status !== 200) fail(`direct GET ${route}: HTTP ${response.status}`);
		const records = body.data;
		if (!Array.isArray(records)) fail(`direct GET ${route}: no data array`);
		agree(set, contender, agreement, records as Json[], `direct GET ${route}`);
		samples.push({
			set: set.id,
			contender: contender.key,
			round,
			call,
			node: `GET ${route}`,
			executionTimeMs: Math.round(elapsed),
			wallMs: null,
			peakRssBytes: null,
			records: records.length,
			requests: 1,
		});
	}
	return samples;
}

/** Runs a contender once: its workflow in n8n, or the direct fetch. */
export async function measure(context: BenchContext, set: ContenderSet, contender: Contender, round: number, agreement: Agreement): Promise<Sample[]> {
	if (contender.direct) return await fetchOnce(context.stack, set, contender, round, agreement);
	return await runOnce(context, set, contender, round, agreement);
}
