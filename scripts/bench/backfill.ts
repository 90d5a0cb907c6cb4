/**
 * P4: a 1-year and a 5-year backfill of daily data with samples against the emulator with a latency model (250 ms per
 * request plus 10 ms per day returned, a timer on the emulator's side like Terra waiting on a provider). The Terra
 * node with its defaults against the same node with Parallel Requests = 1 (target ≤ 0.5× its time), and against the
 * HTTP Request node called once per window (for context). Every run must send ceil(days / 30) requests, none over
 * 30 days (so none over Terra's 1,825), all answered 200 (no 429 r2: a 5-year pull is 1,826 of the 6,000 days an
 * hour Terra allows, and the emulator's rate limiter is on), and output the same records in the same order.
 */
import { describeExit } from '../lib/processes';
import { BACKFILL_NODE, backfillWorkflowId, BUDGET_PULLS, BUDGET_WINDOW_DAYS, BUDGET_WORKFLOW, budgetNode } from './backfillWorkflows';
import { executeFresh } from './execute';
import { spanDays } from './measure';
import type { BenchContext, ContenderSet, ResultRow, ScenarioResult } from './model';
import { sizes } from './requests';
import { medianTime, runRounds, samplesOf, seconds } from './rounds';
import { comparisonRow } from './stats';

export async function runBackfillScenario(context: BenchContext): Promise<ScenarioResult> {
	const { backfills, latency } = sizes(context.quick);
	const rows: ResultRow[] = [];
	const failures: string[] = [];
	const samples = [];
	const rounds = context.quick ? context.rounds : Math.min(context.rounds, 3);
	await context.stack.emulator.setLatency(latency);
	context.log(`  emulator latency model: ${latency.perRequestMs} ms per request + ${latency.perDayMs} ms per day returned`);
	try {
		for (const { id, label, range } of backfills) {
			const contender = (key: string, suffix: string, text: string) => ({
				key,
				label: text,
				workflowId: backfillWorkflowId(id, suffix),
				output: 'fingerprint' as const,
				requestsPerCall: range.windows,
				measuredNode: BACKFILL_NODE,
			});
			const set: ContenderSet = {
				id: `backfill-${id}`,
				title: `Backfill ${label}`,
				calls: 1,
				expectedRecords: range.days,
				maxDaysPerRequest: 30,
				contenders: [
					contender('terra', 'Terra', 'Terra node, defaults (3 parallel)'),
					contender('sequential', 'Seq', 'Terra node, Parallel Requests = 1'),
					contender('http', 'Http', 'HTTP Request node per window'),
				],
			};
			context.log(`  ${label}: ${range.days} days${range.withSamples ? ' with samples' : ''}, ${range.windows} windows of 30 days`);
			const result = await runRounds({ ...context, rounds }, set);
			samples.push(...result.samples);
			failures.push(...result.failures);
			const time = (key: string) => (samplesOf(result.samples, key).length ? medianTime(samplesOf(result.samples, key)) : null);
			const [terra, sequential, http] = [time('terra'), time('sequential'), time('http')];
			const failed = result.failures.length > 0;
			const requests = `${range.windows} requests`;
			rows.push(
				comparisonRow(
					{
						group: 'P4',
						id: `P4 backfill ${label}`,
						scenario: `${range.days} days of daily data${range.withSamples ? ' with samples' : ''} at ${latency.perRequestMs} ms + ${latency.perDayMs} ms/day: Terra node (defaults: 30-day windows, 3 parallel) vs the same with Parallel Requests = 1`,
						ours: `${seconds(terra ?? NaN)}, ${requests}`,
						alternative: `${seconds(sequential ?? NaN)}, ${requests}`,
						target: { op: '<=', value: 0.5 },
						values: { terraMs: terra, sequentialMs: sequential, httpMs: http, windows: range.windows, days: range.days },
					},
					terra,
					sequential,
					failed,
				),
				comparisonRow(
					{
						group: 'P4',
						id: `P4 backfill ${label} (HTTP)`,
						scenario: `The same backfill: Terra node (defaults) vs the HTTP Request node once per window (n8n sends all ${range.windows} at once, with no rate-limit pacing)`,
						ours: `${seconds(terra ?? NaN)}, ${requests}`,
						alternative: `${seconds(http ?? NaN)}, ${requests}`,
						target: null,
						note: 'context: the HTTP Request node runs every item’s request at the same time',
					},
					terra,
					http,
					failed,
				),
			);
		}
		const budget = await budgetRow(context);
		rows.push(budget.row);
		failures.push(...budget.failures);
	} finally {
		await context.stack.emulator.setLatency({ perRequestMs: 0, perDayMs: 0 });
	}
	return { rows, failures, samples };
}

/**
 * Terra's r2 budget: four 5-year pulls for one user back to back in one execution (budgetWorkflow), with the emulator's
 * rate limiter counting (7,304 days > 6,000 per hour). The first three fit (5,478 days); the fourth must stop before
 * the window that would not fit, with the node's own error, and no request may be answered 429.
 */
async function budgetRow(context: BenchContext): Promise<{ row: ResultRow; failures: string[] }> {
	const { stack } = context;
	const range = sizes(context.quick).budgetRange;
	const result = await executeFresh(context, BUDGET_WORKFLOW, { timeoutMs: 900_000, logLimit: 20_000, largeOutput: true });
	const requests = await stack.emulator.requests();
	const failures: string[] = [];
	const tooMany = requests.filter((request) => request.status === 429).length;
	const daysSent = requests.reduce((sum, request) => sum + spanDays(request), 0);
	const run = result.run;
	let refusal = '';
	const outputs: number[] = [];
	if (result.code !== 0 || run?.status !== 'success') {
		failures.push(`P4 r2 budget: the run failed: ${run?.data.resultData.error?.message ?? `n8n execute ${describeExit(result)}`}`);
	} else {
		for (let pull = 1; pull <= BUDGET_PULLS; pull++) {
			const items = run.data.resultData.runData[budgetNode(pull)]?.[0]?.data?.main?.[0] ?? [];
			outputs.push(items.length);
			if (pull < BUDGET_PULLS && (items.length !== range.days || items.some((item) => item.json.error))) {
				failures.push(`P4 r2 budget: pull ${pull} output ${items.length} items, expected ${range.days} records`);
			}
			if (pull === BUDGET_PULLS) refusal = String(items[0]?.json.error ?? '');
		}
		if (!/^Terra’s rate limit would be exceeded/.test(refusal)) failures.push(`P4 r2 budget: the 4th pull did not stop with the node’s rate-limit error (${refusal || 'no error'})`);
	}
	if (tooMany) failures.push(`P4 r2 budget: Terra answered 429 to ${tooMany} requests`);
	const windows = Math.ceil(range.days / BUDGET_WINDOW_DAYS);
	const fourth = requests.length - 3 * windows;
	context.log(`  r2 budget: 4 pulls of ${range.days} days in ${windows} windows each, ${requests.length} requests (${daysSent} days), ${tooMany} × 429; the 4th pull stopped after ${fourth} of ${windows} windows: ${refusal || '(no error)'}`);
	return {
		failures,
		row: {
			group: 'P4',
			id: 'P4 r2 budget',
			scenario: `Four ${range.days}-day pulls (${BUDGET_WINDOW_DAYS}-day windows) for one user back to back (${(4 * range.days).toLocaleString('en-US')} days > Terra’s 6,000 per hour): the node paces by X-Terra-RateLimit-Remaining and stops before a window that would not fit`,
			ours: `${tooMany} × 429; the 4th pull stopped after ${fourth} of ${windows} windows`,
			alternative: 'without pacing: 429 r2 from Terra',
			ratio: null,
			target: null,
			status: failures.length ? 'fail' : 'pass',
			note: refusal ? `the node’s error: “${refusal}”` : undefined,
			values: { requests: requests.length, daysSent, tooMany, outputs },
		},
	};
}
