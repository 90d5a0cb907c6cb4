/**
 * `npm run bench` (via scripts/bench.sh, which builds the package and installs n8n first): what the Terra node costs
 * compared with the alternative, measured as ratios within one run. Never a timed test: timings do not fail it.
 *
 * One Terra emulator and one n8n (scripts/lib/stack.ts, the e2e suite's setup). Each contender is a bench-only
 * workflow (workflows.ts), imported after start, run with `n8n execute --id` again and again: one warm-up round that
 * is discarded, then N measured rounds, with the contenders' order rotated every round. The numbers are each
 * measured node's `executionTime` as n8n records it in the run data, and the wall time of the whole `n8n execute`
 * (measure.ts, which also checks every run). The scenarios are listed in scenarios.ts; this file only runs them.
 *
 *   --runs=N       measured rounds (default 7, at least 5)
 *   --only=a,b     scenarios by id (see scenarios.ts)
 *
 * Results: a table on stdout, and JSON in node_modules/.cache/n8n-nodes-terra/bench/results.json (plus a copy per
 * run in history/), see report.ts. Exit code 1 only when something functionally failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { bold, describeError, dim, green, red } from '../lib/terminal';
import { stopAll } from '../lib/processes';
import { onShutdown } from '../lib/signals';
import { n8nRuntime, pinnedN8nVersion, REPO, STATE_ROOT } from '../lib/runtime';
import { startStack, type Stack } from '../lib/stack';
import { FunctionalFailure, measure, type Agreement } from './measure';
import type { Sample } from './model';
import { machineFacts, ms, printReport, saveResults, seconds } from './report';
import { SCENARIOS } from './scenarios';
import { rowsFor } from './stats';

const STATE = path.join(STATE_ROOT, 'bench');
const SIGNING_SECRET = 'bench-signing-secret-not-a-secret';

/** Rotated contender order: round r starts with contender r mod k (for two contenders: they alternate). */
function rotation<T>(items: T[], round: number): T[] {
	const shift = round % items.length;
	return [...items.slice(shift), ...items.slice(0, shift)];
}

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
	printReport(rows, scenarios, machine, loadBefore, loadAfter);
	const resultsFile = saveResults(STATE, { startedAt, runs, machine, loadBefore, loadAfter, scenarios, rows, samples, failures });
	console.log(`\nresults: ${path.relative(REPO, resultsFile)}`);

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
