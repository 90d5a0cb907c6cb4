/**
 * `npm run test:compat`: the compatibility matrix. For each supported n8n (the pinned default, scripts/n8n-runtime/,
 * and every scripts/n8n-runtimes/<version>/), installs it (cached, scripts/install-n8n.sh), sets up the packed
 * package in a fresh user folder exactly as the e2e suite does, and runs the smoke checks (smoke.ts) and the
 * store-failure probe (storeFailure.ts). Prints one line per version with each check's result, one line per
 * version with what Terra gets when the store fails, and the versions that cannot be supported, with the reason.
 * Exit code non-zero when any check failed.
 *
 *   --only=2.41.0,1.123.81   run only these versions
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { stopAll } from '../../scripts/lib/processes';
import { onShutdown, runCommand } from '../../scripts/lib/signals';
import { COMPAT_RUNTIMES_DIR, n8nRuntime, pinnedN8nVersion, REPO, STATE_ROOT } from '../../scripts/lib/runtime';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { bold, describeError, green, red, Suite } from '../e2e/lib/harness';
import { yellow } from '../../scripts/lib/terminal';
import { SIGNING_SECRET, smokeChecks } from './smoke';
import { describeStoreFailure, STORE_FAILURE_TARGETS, storeFailure, type StoreFailureOutcome } from './storeFailure';
import { COMPAT_FINISHED_WEBHOOK_ID, COMPAT_WEBHOOK_ID, COMPAT_WORKFLOW_IDS, writeCompatWorkflows } from './workflows';

const STATE = path.join(STATE_ROOT, 'compat');

/** Versions users run that cannot be tested here, and why. Checked on each run, so the day one installs is noticed. */
const UNSUPPORTED = [
	{
		version: '2.41.3',
		reason: 'cannot be installed from the npm registry yet: ETARGET @n8n/agents@0.26.2 (21 of its pinned @n8n packages are missing)',
		probe: '@n8n/agents@0.26.2',
	},
];

interface VersionResult {
	version: string;
	node: string;
	installSeconds: number;
	suite: Suite;
	seconds: number;
	storeFailures: StoreFailureOutcome[];
	/** An error outside any check (e.g. writing the workflows): the version failed. */
	error?: string;
	/** Known limitations of the n8n version a check found (by check name): shown, not failed. */
	caveats: Map<string, string>;
}

function supportedVersions(): Array<string | undefined> {
	const extra = readdirSync(COMPAT_RUNTIMES_DIR, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => entry.name)
		.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
	// undefined: the default runtime (the pinned n8n the other suites use).
	return [undefined, ...extra];
}

function install(version: string | undefined): number {
	const started = Date.now();
	const result = spawnSync('bash', [path.join(REPO, 'scripts/install-n8n.sh'), ...(version ? [version] : [])], { stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`scripts/install-n8n.sh ${version ?? ''} exited ${result.status ?? result.signal}`);
	return Math.round((Date.now() - started) / 1000);
}

async function runVersion(version: string | undefined, run: string): Promise<VersionResult> {
	const label = version ?? pinnedN8nVersion();
	const suite = new Suite();
	const started = Date.now();
	const result: VersionResult = { version: label, node: '?', installSeconds: 0, suite, seconds: 0, storeFailures: [], caveats: new Map() };
	let stack: Stack | undefined;
	try {
		suite.section(`n8n ${label}`);
		result.installSeconds = await suite.setup(`install n8n ${label} (cached)`, async () => install(version));
		const runtime = n8nRuntime(version);
		result.node = spawnSync(runtime.node, ['-v'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '');
		suite.info(`n8n ${runtime.n8nVersion} on Node ${result.node}`);
		const root = path.join(STATE, label);
		stack = await startStack({
			root: path.join(root, 'n8n'),
			runtime,
			signingSecret: SIGNING_SECRET,
			workflowDirs: [writeCompatWorkflows(path.join(root, 'workflows'))],
			publish: [COMPAT_WORKFLOW_IDS.trigger, COMPAT_WORKFLOW_IDS.triggerFinished],
			webhookIds: [COMPAT_WEBHOOK_ID, COMPAT_FINISHED_WEBHOOK_ID],
			step: (name, fn) => suite.setup(name, fn),
		});
		await smokeChecks(suite, stack, run, result.caveats);
		const probe = stack;
		for (const target of STORE_FAILURE_TARGETS) {
			const name = target === STORE_FAILURE_TARGETS[0] ? 'store failure' : `store failure (${target.label})`;
			await suite.check(
				name,
				async () => {
					const outcome = await storeFailure(probe, run, target);
					result.storeFailures.push(outcome);
					suite.info(`${name}: ${describeStoreFailure(outcome)}`);
					// n8n 1.x acknowledges before storing (a documented caveat); from 2.40 a lost delivery is a failure.
					if (runtime.n8nMajor >= 2 && outcome.lost) throw new Error('a delivery was acknowledged and never stored');
					if (outcome.lost) result.caveats.set(name, 'lost: n8n 1.x answers 200 before it stores the execution');
				},
				{ retryHarnessFailure: false },
			);
		}
	} catch (error) {
		result.error = describeError(error);
		if (!suite.failed.length) console.log(red(result.error));
	} finally {
		await stack?.stop();
		await stopAll();
		result.seconds = Math.round((Date.now() - started) / 1000);
	}
	return result;
}

function line(result: VersionResult): string {
	const checks = result.suite.results
		.filter((check) => !/^(install|npm pack|fresh n8n|n8n |Terra emulator|production webhooks|owner account)/.test(check.name))
		.map((check) => {
			const caveat = result.caveats.get(check.name);
			return caveat && check.ok ? `${check.name} ⚠ ${caveat}` : `${check.name} ${check.ok ? '✓' : '✗'}`;
		});
	const setupFailed = result.suite.results.find((check) => !check.ok && !checks.some((text) => text.startsWith(check.name)));
	const failed = result.suite.failed.length > 0 || result.error !== undefined;
	const text = [
		`n8n ${result.version} · Node ${result.node}`,
		`install ${result.installSeconds} s`,
		...(setupFailed ? [`setup failed: ${setupFailed.name}`] : result.error && !result.suite.failed.length ? [`failed: ${result.error.split('\n')[0]}`] : []),
		...checks,
		`${result.seconds} s`,
	].join(' · ');
	return failed ? red(text) : green(text);
}

function stillMissing(spec: string): boolean {
	const view = spawnSync('npm', ['view', spec, 'version', '--loglevel=error'], { encoding: 'utf8', timeout: 60_000 });
	return view.status !== 0 || !view.stdout.trim();
}

async function main(): Promise<number> {
	const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
	onShutdown(async (signal) => {
		console.log(`\n${signal}: stopping n8n and the emulator…`);
		await stopAll();
	});
	rmSync(STATE, { recursive: true, force: true });
	const run = String(Date.now());
	const results: VersionResult[] = [];
	for (const version of supportedVersions()) {
		if (only && !only.includes(version ?? pinnedN8nVersion())) continue;
		results.push(await runVersion(version, run));
	}

	console.log(`\n${bold('Compatibility matrix')}`);
	for (const result of results) console.log(line(result));
	for (const result of results) {
		for (const outcome of result.storeFailures) {
			console.log(`n8n ${result.version} · store failure (SQLite write lock held) · ${outcome.target.label}: ${describeStoreFailure(outcome)}`);
		}
	}
	for (const { version, reason, probe } of UNSUPPORTED) {
		const note = stillMissing(probe) ? '' : yellow(` (${probe} is on the registry now: try adding scripts/n8n-runtimes/${version}/)`);
		console.log(`n8n ${version} · not supported: ${reason}${note}`);
	}
	const failed = results.filter((result) => result.suite.failed.length > 0 || result.error !== undefined || result.suite.results.length === 0);
	console.log(failed.length ? red(`${failed.length} of ${results.length} versions failed`) : green(`${results.length} of ${results.length} versions passed`));
	return failed.length ? 1 : 0;
}

runCommand(main);
