/**
 * Where a P1 node's time goes: runs the sleep-week workflows (Terra node and HTTP Request node, two calls each, see
 * workflows.ts) in `n8n execute` under V8's CPU profiler, cuts each profile to the measured node's own run (its
 * startTime and executionTime from n8n's run data, mapped onto the profile's clock by clock-hook.js) and prints, per
 * contender and call, the median over runs of: time by kind of code (the package, n8n-core, n8n-workflow, …, idle =
 * waiting for the emulator), the functions with the most self time, and the inclusive time of the n8n helpers a node
 * calls. Not a benchmark (the profiler slows everything down): it says where the time goes, `npm run bench` says how
 * much. Needs a build (`npm run build`) and the n8n runtime (scripts/install-n8n.sh); run it under
 * `flock /tmp/terra-heavy.lock`.
 *
 *   node node_modules/ts-node/dist/bin.js --transpile-only -P tsconfig.dev.json scripts/bench/profile.ts [--runs=8] [--top=25]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { freePort, stopAll } from '../lib/processes';
import { STATE_ROOT } from '../lib/runtime';
import { onShutdown, runCommand } from '../lib/signals';
import { startStack } from '../lib/stack';
import { executeFresh } from './execute';
import { nodeFeatures } from './features';
import { BENCH_SIGNING_SECRET } from './requests';
import { median } from './stats';
import { sameRequestWorkflows } from './workflows';

const STATE = path.join(STATE_ROOT, 'bench-profile');
const CLOCK_HOOK = path.join(__dirname, 'clock-hook.js');
/** Sampling interval (µs): a node run of ~30 ms then holds ~300 samples. */
const INTERVAL_US = 100;

/** The n8n helpers whose inclusive time is reported (function names as V8 records them). */
const HELPERS = [
	'_getCredentials',
	'getDecrypted',
	'_getNodeParameter',
	'getParameterValue',
	'validateValueAgainstSchema',
	'httpRequestWithAuthentication',
	'requestWithAuthentication',
	'authenticate',
	'parse',
	'stringify',
	'terraRequest',
	'readAnswer',
	'router',
];

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

function kindOf(url: string, name: string): string {
	if (!url) return name.startsWith('(') ? name : '(native)';
	if (url.startsWith('node:')) return 'node internals';
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('node_modules/')));
	return match ? match[1] : 'other';
}

function short(url: string): string {
	const index = url.lastIndexOf('node_modules/');
	return (index >= 0 ? url.slice(index + 'node_modules/'.length) : url).replace(/^file:\/\//, '').replace('/dist/', ':');
}

interface Slice {
	totalMs: number;
	byKind: Map<string, number>;
	bySelf: Map<string, number>;
	inclusive: Map<string, number>;
}

/** The profile's samples between `fromUs` and `toUs` (profile clock), aggregated. */
function slice(profile: CpuProfile, fromUs: number, toUs: number): Slice {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const result: Slice = { totalMs: 0, byKind: new Map(), bySelf: new Map(), inclusive: new Map() };
	const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
	let time = profile.startTime;
	for (let index = 0; index < profile.samples.length; index++) {
		time += profile.timeDeltas[index];
		const duration = (profile.timeDeltas[index + 1] ?? 0) / 1000;
		if (time < fromUs || time >= toUs || duration <= 0) continue;
		const leaf = byId.get(profile.samples[index])!;
		const { functionName, url, lineNumber } = leaf.callFrame;
		result.totalMs += duration;
		add(result.byKind, kindOf(url, functionName), duration);
		add(result.bySelf, `${functionName || '(anonymous)'} ${url ? `${short(url)}:${lineNumber + 1}` : ''}`.trim(), duration);
		const seen = new Set<string>();
		for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
			const name = byId.get(id)!.callFrame.functionName;
			if (HELPERS.includes(name) && !seen.has(name)) {
				seen.add(name);
				add(result.inclusive, name, duration);
			}
		}
	}
	return result;
}

interface Clock {
	pid: number;
	argv: string[];
	epochMs: number;
	monotonicUs: number;
}

/** The `n8n execute` process's profile and clock in `dir` (a task runner it starts is profiled too, and ignored). */
function readProfile(dir: string): { profile: CpuProfile; clock: Clock } {
	const clock = readdirSync(dir)
		.filter((file) => file.endsWith('.clock.json'))
		.map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Clock)
		.find((entry) => entry.argv.includes('execute'));
	if (!clock) throw new Error(`${dir}: no clock report of the n8n execute process`);
	const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile') && name.split('.').includes(String(clock.pid)));
	if (!file) throw new Error(`${dir}: no CPU profile of process ${clock.pid}`);
	return { profile: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, clock };
}

function medians(slices: Slice[], pick: (s: Slice) => Map<string, number>): Array<[string, number]> {
	const keys = new Set(slices.flatMap((s) => [...pick(s).keys()]));
	return [...keys].map((key) => [key, median(slices.map((s) => pick(s).get(key) ?? 0))] as [string, number]).sort((a, b) => b[1] - a[1]);
}

function report(label: string, slices: Slice[], top: number): string {
	const lines = [`\n## ${label}: median of ${slices.length} runs, ${median(slices.map((s) => s.totalMs)).toFixed(1)} ms sampled in the node's run`];
	const busy = (s: Slice) => s.totalMs - (s.byKind.get('(idle)') ?? 0);
	lines.push(`per run, sampled ms (busy + idle, garbage collector): ${slices.map((s) => `${busy(s).toFixed(1)} + ${(s.byKind.get('(idle)') ?? 0).toFixed(1)} (${(s.byKind.get('(garbage collector)') ?? 0).toFixed(1)})`).join(', ')}`);
	const table = (title: string, rows: Array<[string, number]>) => {
		lines.push(`\n${title}`);
		for (const [key, ms] of rows) if (ms >= 0.05) lines.push(`  ${ms.toFixed(2).padStart(7)} ms  ${key}`);
	};
	table('by kind of code (self time):', medians(slices, (s) => s.byKind));
	table('n8n helpers and JSON, inclusive:', medians(slices, (s) => s.inclusive));
	table(`top ${top} functions by self time:`, medians(slices, (s) => s.bySelf).slice(0, top));
	return lines.join('\n');
}

async function main(): Promise<number> {
	const value = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
	const runs = Number(value('runs') ?? 8);
	const top = Number(value('top') ?? 25);
	onShutdown(async () => await stopAll());
	rmSync(STATE, { recursive: true, force: true });
	const workflowDir = path.join(STATE, 'workflows');
	mkdirSync(workflowDir, { recursive: true });
	const emulatorPort = await freePort();
	const workflows = sameRequestWorkflows(`http://127.0.0.1:${emulatorPort}/api/v2`, nodeFeatures(), 2);
	for (const workflow of workflows) writeFileSync(path.join(workflowDir, `${workflow.id}.json`), JSON.stringify(workflow));
	const stack = await startStack({
		root: path.join(STATE, 'n8n'),
		signingSecret: BENCH_SIGNING_SECRET,
		workflowDirs: [workflowDir],
		publish: [],
		webhookIds: [],
		ports: { emulator: emulatorPort },
		step: async (name, fn) => {
			const value = await fn();
			console.log(`  ✓ ${name}`);
			return value;
		},
	});
	const slices = new Map<string, Slice[]>();
	const wall = new Map<string, number[]>();
	try {
		for (let run = 0; run <= runs; run++) {
			for (const workflow of run % 2 ? [...workflows].reverse() : workflows) {
				const dir = path.join(STATE, 'profiles', `${workflow.id}-${run}`);
				mkdirSync(dir, { recursive: true });
				const result = await executeFresh({ stack, log: console.log }, workflow.id, {
					timeoutMs: 300_000,
					largeOutput: true,
					env: {
						NODE_OPTIONS: `--require=${CLOCK_HOOK} --cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=${INTERVAL_US}`,
						TERRA_BENCH_CLOCK_DIR: dir,
					},
				});
				if (result.code !== 0 || result.run?.status !== 'success') throw new Error(`${workflow.id}: n8n execute failed (${result.stderr.slice(-500)})`);
				// Run 0 warms the machine's caches (disk, the emulator) and is not counted, like the benchmark's warm-up.
				if (run === 0) continue;
				const { profile, clock } = readProfile(dir);
				const toProfileUs = (epochMs: number) => clock.monotonicUs + (epochMs - clock.epochMs) * 1000;
				const nodeRuns = Object.entries(result.run.data.resultData.runData)
					.filter(([name]) => name !== 'Start')
					.map(([, nodeRuns]) => nodeRuns[0])
					.sort((a, b) => (a.executionIndex ?? 0) - (b.executionIndex ?? 0));
				writeFileSync(path.join(dir, 'node-runs.json'), JSON.stringify(nodeRuns.map(({ startTime, executionTime }) => ({ startTime, executionTime }))));
				nodeRuns.forEach((nodeRun, index) => {
					const key = `${workflow.name.replace(/^Terra bench · same request · /, '')}, call ${index + 1} (${index ? 'warm' : 'cold'})`;
					const from = toProfileUs(nodeRun.startTime!);
					slices.set(key, [...(slices.get(key) ?? []), slice(profile, from, from + nodeRun.executionTime! * 1000)]);
					wall.set(key, [...(wall.get(key) ?? []), nodeRun.executionTime!]);
				});
				console.log(`  run ${run}/${runs} ${workflow.id}: ${nodeRuns.map((nodeRun) => `${nodeRun.executionTime} ms`).join(' + ')} (profiled)`);
			}
		}
	} finally {
		await stack.stop();
		await stopAll();
	}
	const text = [...slices.entries()]
		.map(([key, list]) => report(`${key}, executionTime median ${median(wall.get(key)!)} ms under the profiler`, list, top))
		.join('\n');
	console.log(text);
	writeFileSync(path.join(STATE, 'report.txt'), text);
	console.log(`\nreport: ${path.join(STATE, 'report.txt')}; profiles: ${path.join(STATE, 'profiles')}`);
	return 0;
}

runCommand(main);
