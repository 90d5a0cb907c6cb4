/**
 * `npm run bench` (via scripts/bench.sh, which builds the package and installs n8n first): every path a user pays
 * for, measured side by side with what a user would build instead, in one run: one Terra emulator and one n8n
 * (scripts/lib/stack.ts, the e2e suite's setup) with the bench workflows imported and the trigger ones published.
 * The scenarios are listed in scenarios.ts; this file parses the arguments, sets up, runs them and reports.
 *
 *   --quick            a smoke test (CI): smaller payloads and loads, one round, no warm-up; asserts only that every
 *                      scenario ran and its contenders agreed, never a timing
 *   --scenario=a,b     scenarios by id or group (P1 … P5, Memory), see scenarios.ts (--only= is the same)
 *   --runs=N           measured rounds of the workflow scenarios (default 5, at least 3)
 *   --engines=a,b      P2 only: expression-engine settings (default, lazy, legacy), for profiling one of them
 *   --sizes=a,b        P2 only: body sizes (2kb, 200kb, 5mb)
 *
 * Output: one table on stdout; JSON in node_modules/.cache/n8n-nodes-terra/bench/results.json (and history/); a full
 * run of every scenario also writes docs/performance.md and docs/performance.svg (the one performance page; the README links it).
 * Exit code 1 only when something functionally failed (a run errored, contenders disagreed, a scenario did not run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { bold, describeError, dim, green, red } from '../lib/terminal';
import { freePort, stopAll } from '../lib/processes';
import { onShutdown, runCommand } from '../lib/signals';
import { n8nRuntime, pinnedN8nVersion, REPO, STATE_ROOT } from '../lib/runtime';
import { startStack, type Stack } from '../lib/stack';
import { chartSvg } from './chart';
import { nodeFeatures } from './features';
import { handWrittenPart, performanceMarkdown, runCaption } from './markdown';
import type { BenchContext, ResultRow, Sample } from './model';
import { BENCH_SIGNING_SECRET } from './requests';
import { machineFacts, printReport, saveResults, type BenchRun } from './report';
import { seconds } from './rounds';
import { SCENARIOS } from './scenarios';

const STATE = path.join(STATE_ROOT, 'bench');

function parseArgs() {
	const value = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
	const quick = process.argv.includes('--quick');
	// n8n settings for the whole run, e.g. --n8n-env=N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (reported with the results).
	const n8nEnv = Object.fromEntries(
		process.argv.filter((arg) => arg.startsWith('--n8n-env=')).map((arg) => {
			const [name, ...rest] = arg.slice('--n8n-env='.length).split('=');
			return [name, rest.join('=')];
		}),
	);
	const runs = quick ? 1 : Number(value('runs') ?? 5);
	if (!Number.isInteger(runs) || runs < 1 || (!quick && runs < 3)) throw new Error('--runs must be a whole number, at least 3');
	const wanted = (value('scenario') ?? value('only'))?.split(',').map((name) => name.trim().toLowerCase());
	const matches = (scenario: (typeof SCENARIOS)[number], name: string) => scenario.id === name || scenario.groups.some((group) => group.toLowerCase() === name);
	const unknown = wanted?.filter((name) => !SCENARIOS.some((scenario) => matches(scenario, name))) ?? [];
	if (unknown.length) {
		throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.id).join(', ')}; groups P1 … P5, Memory)`);
	}
	const scenarios = SCENARIOS.filter((scenario) => !wanted || wanted.some((name) => matches(scenario, name)));
	const list = (name: string) => value(name)?.split(',').map((item) => item.trim().toLowerCase());
	const only = { engines: list('engines'), sizes: list('sizes') };
	const everything = scenarios.length === SCENARIOS.length && Object.keys(n8nEnv).length === 0 && !only.engines && !only.sizes;
	return { quick, runs, scenarios, n8nEnv, only, everything };
}

async function main(): Promise<number> {
	const { quick, runs, scenarios, n8nEnv, only, everything } = parseArgs();
	onShutdown(async (signal) => {
		console.log(`\n${signal}: stopping n8n and the emulator…`);
		await stopAll();
	});

	const startedAt = new Date();
	const loadBefore = os.loadavg();
	const failures: string[] = [];
	const rows: ResultRow[] = [];
	const samples: Sample[] = [];
	const details: Record<string, unknown> = {};
	let stack: Stack | undefined;
	mkdirSync(STATE, { recursive: true });
	const features = nodeFeatures();
	const log = (line: string) => console.log(line);

	try {
		const runtime = n8nRuntime();
		if (runtime.n8nVersion !== pinnedN8nVersion()) {
			throw new Error(`installed n8n ${runtime.n8nVersion} is not the pinned ${pinnedN8nVersion()}: run scripts/install-n8n.sh`);
		}
		console.log(bold(`▶ Setup: one Terra emulator and one n8n with the packed package${quick ? ' (--quick)' : ''}`));
		// The HTTP Request nodes' URLs name the emulator, so its port is chosen before the workflows are written.
		const emulatorPort = await freePort();
		const apiBaseUrl = `http://127.0.0.1:${emulatorPort}/api/v2`;
		const workflowDir = path.join(STATE, 'workflows');
		mkdirSync(workflowDir, { recursive: true });
		for (const scenario of scenarios) {
			for (const workflow of scenario.workflows(apiBaseUrl, features, quick)) {
				writeFileSync(path.join(workflowDir, `${workflow.id}.json`), `${JSON.stringify(workflow, null, '\t')}\n`);
			}
		}
		stack = await startStack({
			root: path.join(STATE, 'n8n'),
			signingSecret: BENCH_SIGNING_SECRET,
			workflowDirs: [workflowDir],
			// Published through the REST API once n8n runs: one CLI call less per workflow (each costs seconds).
			publish: [],
			webhookIds: [],
			ports: { emulator: emulatorPort },
			n8nEnv,
			step: async (name, fn) => {
				const stepStart = Date.now();
				const value = await fn();
				console.log(`  ✓ ${name} ${dim(`(${seconds(Date.now() - stepStart)})`)}`);
				return value;
			},
		});
		if (stack.emulator.apiBaseUrl !== apiBaseUrl) throw new Error(`the emulator came up on ${stack.emulator.apiBaseUrl}, not ${apiBaseUrl}`);
		const publish = scenarios.flatMap((scenario) => scenario.publish ?? []);
		if (publish.length) {
			const publishStart = Date.now();
			for (const workflowId of publish) await stack.rest.activate(workflowId);
			for (const webhookPath of scenarios.flatMap((scenario) => scenario.webhookPaths ?? [])) await stack.n8n.waitForWebhook(webhookPath);
			console.log(`  ✓ published ${publish.join(', ')}; production webhooks registered ${dim(`(${seconds(Date.now() - publishStart)})`)}`);
		}

		const context: BenchContext = { stack, quick, rounds: runs, features, rssDir: path.join(STATE, 'rss'), only, log };
		for (const scenario of scenarios) {
			console.log(`\n${bold(`▶ ${scenario.title}`)}`);
			const scenarioStart = Date.now();
			try {
				const result = await scenario.run(context);
				rows.push(...result.rows);
				failures.push(...result.failures);
				samples.push(...(result.samples ?? []));
				if (result.details) details[scenario.id] = result.details;
				if (!result.rows.length) failures.push(`${scenario.id}: produced no result`);
			} catch (error) {
				failures.push(`${scenario.id}: ${describeError(error)}`);
				console.log(red(`  ${describeError(error)}`));
			}
			console.log(dim(`  (${seconds(Date.now() - scenarioStart)})`));
		}
	} catch (error) {
		failures.push(`setup or runner: ${describeError(error)}`);
		console.log(red(`\n${describeError(error)}`));
		if (stack) console.log(`\nlast lines of the n8n log:\n${stack.n8n.server?.logTail(30) ?? ''}`);
	} finally {
		await stack?.stop();
		await stopAll();
	}

	const run: BenchRun = { startedAt, finishedAt: new Date(), quick, rounds: runs, machine: machineFacts(stack), loadBefore, loadAfter: os.loadavg(), rows, samples, failures, details };
	printReport(run);
	const resultsFile = saveResults(STATE, run);
	console.log(`\nresults: ${path.relative(REPO, resultsFile)}`);
	// Only a full run of everything may replace the committed numbers.
	const publishDocs = !quick && everything && failures.length === 0;
	const docs = publishDocs ? path.join(REPO, 'docs') : STATE;
	writeFileSync(path.join(docs, 'performance.svg'), chartSvg(rows, runCaption(run)));
	const handWritten = handWrittenPart(path.join(REPO, 'docs', 'performance.md'));
	writeFileSync(path.join(docs, 'performance.md'), `${performanceMarkdown(run, 'performance.svg')}${handWritten}`);
	console.log(`${publishDocs ? 'wrote docs/performance.md and docs/performance.svg' : `table and chart: ${path.relative(REPO, docs)}/performance.{md,svg}`}`);

	if (failures.length) {
		console.log(red(`\n${failures.length} functional failure(s):`));
		for (const failure of failures) console.log(red(`  ✗ ${failure}`));
		return 1;
	}
	console.log(green(`every scenario ran and its contenders agreed${quick ? ' (quick: timings not judged)' : ''}`));
	return 0;
}

runCommand(main);
