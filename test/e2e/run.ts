/**
 * `npm run test:e2e` (after scripts/test-e2e.sh has built the package and installed n8n and Chromium):
 * the package inside a real n8n, against the Terra emulator. See docs/development.md, "Tests in a real n8n".
 *
 *   --skip-editor       leave out the browser check
 *   --only=a,b          run only these sections: actions, trigger, faults, trigger-faults, editor, scheduled, one-table, templates, load (for working on one part)
 *   --keep              leave n8n and the emulator running at the end (Ctrl-C stops them)
 *   --update-screenshots  write the editor screenshots to docs/screenshots/ (the README's) instead of the artifacts
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { actionChecks, type ActionOutcome } from './checks/actions';
import type { E2eContext } from './checks/context';
import { editorChecks } from './checks/editor';
import { faultActionChecks } from './checks/faults-action';
import { scheduledChecks } from './checks/scheduled';
import { triggerFaultChecks } from './checks/faults-trigger';
import { loadChecks } from './checks/load';
import { oneTableChecks } from './checks/oneTable';
import { secretsChecks } from './checks/secrets';
import { templateChecks } from './checks/templates';
import { triggerChecks } from './checks/trigger';
import { Coverage } from './lib/coverage';
import { bold, green, red, SetupFailed, Suite, describeError } from './lib/harness';
import { Pace } from './lib/pace';
import { stopAll } from '../../scripts/lib/processes';
import { onShutdown, runCommand } from '../../scripts/lib/signals';
import { n8nRuntime, pinnedN8nVersion, REPO, STATE_ROOT } from '../../scripts/lib/runtime';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { USERS } from '../../examples/lib/fixtures';
import { EXAMPLES_DIR, exampleWorkflows, staleFiles, WEBHOOK_IDS, WORKFLOW_IDS } from '../../examples/generate';
import { staleTestWorkflows, TEST_WEBHOOK_IDS, TEST_WORKFLOW_IDS, TEST_WORKFLOWS_DIR } from './workflows/generate';

const STATE = path.join(STATE_ROOT, 'e2e');
const SIGNING_SECRET = 'e2e-signing-secret-not-a-secret';

async function main(): Promise<number> {
	const args = new Set(process.argv.slice(2));
	const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
	const runs = (section: 'actions' | 'trigger' | 'faults' | 'trigger-faults' | 'editor' | 'scheduled' | 'one-table' | 'templates' | 'load') =>
		(!only || only.includes(section)) && !(section === 'editor' && args.has('--skip-editor'));
	const suite = new Suite();
	const coverage = new Coverage();
	let stack: Stack | undefined;
	let readyMs: number | undefined;
	onShutdown(async (signal) => {
		console.log(`\n${signal}: stopping n8n and the emulator…`);
		await stopAll();
	});

	rmSync(STATE, { recursive: true, force: true });
	const artifacts = path.join(STATE, 'artifacts');
	mkdirSync(artifacts, { recursive: true });

	try {
		suite.section('Setup: a real n8n with the packed package, and the Terra emulator');
		const runtime = n8nRuntime();
		suite.info(`n8n ${runtime.n8nVersion} on ${runtime.node} (cache ${runtime.cache}); state in ${path.relative(REPO, STATE)}/`);
		await suite.check('example workflows are up to date with examples/generate.ts (and the test-only ones with theirs)', () => {
			const stale = [...staleFiles(EXAMPLES_DIR, exampleWorkflows()), ...staleTestWorkflows()];
			assert.deepEqual(stale, [], 'run `npm run workflows:generate` and commit the result');
		});
		await suite.setup(`installed n8n is the pinned ${pinnedN8nVersion()}`, async () => {
			assert.equal(runtime.n8nVersion, pinnedN8nVersion());
		});
		stack = await startStack({
			root: path.join(STATE, 'n8n'),
			signingSecret: SIGNING_SECRET,
			workflowDirs: [EXAMPLES_DIR, TEST_WORKFLOWS_DIR],
			publish: [
				WORKFLOW_IDS.trigger,
				TEST_WORKFLOW_IDS.triggerAll,
				TEST_WORKFLOW_IDS.faults,
				TEST_WORKFLOW_IDS.insecure,
				TEST_WORKFLOW_IDS.load,
				TEST_WORKFLOW_IDS.largeRequests,
				WORKFLOW_IDS.oneTable,
			],
			webhookIds: [
				WEBHOOK_IDS.trigger,
				TEST_WEBHOOK_IDS.triggerAll,
				TEST_WEBHOOK_IDS.faults,
				TEST_WEBHOOK_IDS.insecure,
				TEST_WEBHOOK_IDS.load,
				TEST_WEBHOOK_IDS.largeRequests,
				WEBHOOK_IDS.oneTable,
			],
			emulatorRetryBaseMs: 500,
			emulatorRetryMaxAttempts: 4,
			step: async (name, fn) => {
				const started = Date.now();
				const value = await suite.setup(name, fn);
				if (name.startsWith('n8n start')) readyMs = Date.now() - started;
				return value;
			},
		});
		const ready = stack;
		const pace = Pace.fromReadiness(readyMs ?? 0);
		suite.info(`n8n ${ready.n8n.baseUrl}  ·  emulator ${ready.emulator.url}  ·  logs ${path.relative(REPO, ready.n8n.logDir)}/`);
		suite.info(`pace: ${pace.describe()}`);
		await suite.setup('the emulator has the seeded users the workflows use (seed 42, 8 users)', async () => {
			const users = await ready.emulator.users();
			for (const user of Object.values(USERS)) {
				assert.ok(
					users.some((candidate) => candidate.user_id === user.userId && candidate.provider === user.provider),
					`emulator user ${user.provider} ${user.userId}`,
				);
			}
		});
		await suite.setup('n8n loaded the package as n8n-nodes-terra.terra / n8n-nodes-terra.terraTrigger', async () => {
			const log = ready.n8n.server?.logTail(2000) ?? '';
			assert.ok(!/Unrecognized node type|n8n-nodes-terra.*(error|failed)/i.test(log), `n8n log mentions a problem:\n${log}`);
		});

		const ctx: E2eContext = { suite, stack: ready, coverage, artifacts, signingSecret: SIGNING_SECRET, pace };

		let outcome: ActionOutcome = {};
		if (runs('actions')) {
			suite.section('Action node: one workflow per resource, run with `n8n execute --id` while n8n serves webhooks');
			outcome = await actionChecks(ctx);
		}
		if (runs('trigger')) {
			suite.section('Terra Trigger: signed deliveries to the production webhook, executions as n8n stored them');
			await triggerChecks(ctx, outcome);
		}
		if (runs('faults')) {
			suite.section('Faults: a Terra that answers garbage, hangs or throttles; retries that could repeat side effects; cleartext keys');
			await faultActionChecks(ctx);
		}
		if (runs('trigger-faults')) {
			suite.section('Terra Trigger faults (issue #10): large requests, repeats, oversized bodies, s3_payload, refusal logging');
			await triggerFaultChecks(ctx);
		}
		if (runs('editor')) {
			suite.section('Editor in a real browser (Chromium via playwright-core)');
			await editorChecks(ctx);
		}
		// Late: it connects more users, which the editor's user list check would otherwise see.
		if (runs('scheduled')) {
			suite.section('Scheduled pulls: $today in workflow timezones, every connected user, the Data Table recipe');
			await scheduledChecks(ctx);
		}
		// After the scheduled checks, whose Data Table check expects tables holding only its own rows.
		if (runs('one-table')) {
			suite.section('One table fed by push and pull: Terra Trigger (Simplified) and the Terra node into the same Data Tables');
			await oneTableChecks(ctx);
		}
		// After the editor's user list: onboarding connects users.
		if (runs('templates')) {
			suite.section('Templates: onboarding (webhook → widget session → auth event → Data Table) and the AI Agent with the Terra Tool');
			await templateChecks(ctx);
		}
		if (runs('load')) {
			// Last: it restarts n8n.
			suite.section('Terra Trigger under load: genuine and forged deliveries, retries, a restart');
			await loadChecks(ctx);
		}
		suite.section('Secrets: what n8n stored and logged in this run');
		await secretsChecks(ctx);
		if (runs('actions')) {
			suite.section('Coverage');
			const line = `Action node endpoints covered end-to-end: ${coverage.covered.length} of ${coverage.total}`;
			await suite.check(line, () => {
				assert.deepEqual(coverage.missing, [], 'endpoints no workflow reached with a 2xx answer');
			});
			console.log(`\n${bold(line)}`);
		}
	} catch (error) {
		if (!(error instanceof SetupFailed)) {
			console.log(red(`\nunexpected error: ${describeError(error)}`));
			suite.results.push({ group: 'runner', name: 'unexpected error', ok: false, ms: 0, error: String(error) });
		} else {
			console.log(red(`\n${error.message}: the remaining checks were not run`));
		}
		if (stack) {
			console.log(`\nlast lines of the n8n log (${stack.n8n.logDir}/n8n-start.log):\n${stack.n8n.server?.logTail(30) ?? ''}`);
		}
	} finally {
		if (args.has('--keep') && stack) {
			console.log(`\n--keep: n8n ${stack.n8n.baseUrl} and the emulator ${stack.emulator.url} keep running; Ctrl-C stops them.`);
			await new Promise<void>(() => undefined);
		}
		await stack?.stop();
		await stopAll();
	}

	console.log(`\n${bold('e2e:')} ${suite.summary()}`);
	if (suite.failed.length) {
		console.log(red('failed:'));
		for (const failure of suite.failed) console.log(red(`  ✗ [${failure.group}] ${failure.name}`));
		console.log(`logs and run outputs: ${path.relative(REPO, STATE)}/`);
		return 1;
	}
	console.log(green(`all green; logs and run outputs in ${path.relative(REPO, STATE)}/`));
	return 0;
}

runCommand(main);
