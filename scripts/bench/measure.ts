/**
 * One measured run of one contender: `n8n execute` of its workflow (or, for the no-n8n floor, the same GET with fetch
 * from this process), checked before it counts. It must succeed, the emulator must have answered every request with 200
 * (its rate-limit windows are reset before each run, so rule r2 never interferes), it must send the requests the
 * scenario expects, and its records must equal every other contender's. A failed check throws FunctionalFailure.
 */
import { createHash } from 'node:crypto';

import type { RecordedRequestJson } from '../lib/emulatorProcess';
import type { NodeItem, RunJson } from '../lib/n8n';
import { EMULATOR_API_KEY, EMULATOR_DEV_ID, type Stack } from '../lib/stack';
import type { Contender, Json, Sample, Scenario } from './model';

/** `n8n execute` prints the whole run (100+ MB with samples); the CLI log files keep only its ends. */
const LOG_LIMIT = 20_000;

export class FunctionalFailure extends Error {}

function fail(message: string): never {
	throw new FunctionalFailure(message);
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
export interface Agreement {
	digest?: string;
	records?: number;
	by?: string;
	/** With `sameQuery`: the query every request must carry. */
	query?: string;
}

/** A workflow contender: one `n8n execute`, checked, one sample per measured node in the order n8n ran them. */
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

/** Runs a contender once: its workflow in n8n, or the direct fetch. */
export async function measure(
	stack: Stack,
	scenario: Scenario,
	contender: Contender,
	round: number,
	agreement: Agreement,
): Promise<Sample[]> {
	const run = contender.direct ? fetchOnce : runOnce;
	return await run(stack, scenario, contender, round, agreement);
}
