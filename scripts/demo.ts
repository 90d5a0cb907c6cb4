/**
 * `npm start` (via scripts/demo.sh, which builds the package and installs n8n first): the product, offline.
 * Starts the Terra emulator with its demo users and a real n8n with this package installed, the "Terra (emulator)"
 * credential pointing at the emulator and the example workflows imported (the trigger example published), then
 * prints where everything is. Ctrl-C stops both.
 *
 * State lives in node_modules/.cache/n8n-nodes-terra/demo/ and is recreated on every start. Ports: n8n 5678 and emulator 4010 when
 * free (else free ones), or N8N_DEMO_PORT / TERRA_EMULATOR_PORT.
 */
import path from 'node:path';

import { stopAll } from './lib/processes';
import { onShutdown } from './lib/signals';
import { REPO, STATE_ROOT } from './lib/runtime';
import { OWNER } from './lib/rest';
import { EMULATOR_API_KEY, EMULATOR_DEV_ID, startStack } from './lib/stack';
import { CREDENTIAL } from '../examples/lib/builder';
import { EXAMPLES_DIR, exampleWorkflows, WEBHOOK_IDS, WORKFLOW_IDS } from '../examples/generate';

/** The emulator's default secret, so `npm run send-event` without --secret is accepted by the demo trigger. */
const SIGNING_SECRET = 'emulator-signing-secret';
const STATE = path.join(STATE_ROOT, 'demo');

const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[0m` : text);

async function main(): Promise<void> {
	let stopping = false;
	const stop = async () => {
		stopping = true;
		console.log('\nstopping n8n and the Terra emulator…');
		await stopAll();
		console.log('stopped.');
	};
	onShutdown(async () => {
		await stop();
		return 0;
	});

	const started = Date.now();
	const stack = await startStack({
		root: path.join(STATE, 'n8n'),
		signingSecret: SIGNING_SECRET,
		workflowDirs: [EXAMPLES_DIR],
		publish: [WORKFLOW_IDS.trigger],
		webhookIds: [WEBHOOK_IDS.trigger],
		ports: {
			n8n: Number(process.env.N8N_DEMO_PORT ?? 5678),
			emulator: Number(process.env.TERRA_EMULATOR_PORT ?? 4010),
		},
		emulatorRetryBaseMs: 2000,
		emulatorRetryMaxAttempts: 6,
		step: async (name, fn) => {
			const stepStart = Date.now();
			const value = await fn();
			console.log(`  ✓ ${name} (${((Date.now() - stepStart) / 1000).toFixed(1)} s)`);
			return value;
		},
	});
	const triggerUrl = stack.webhookUrl(WEBHOOK_IDS.trigger);
	const users = await stack.emulator.users();
	const examples = Object.values(exampleWorkflows());

	console.log(`
${bold('n8n-nodes-terra demo is running')} (ready in ${((Date.now() - started) / 1000).toFixed(0)} s)

  n8n editor     ${bold(stack.n8n.baseUrl)}
                 sign in: ${OWNER.email} / ${OWNER.password}
  workflows      ${examples.length} examples (Overview → Workflows), all using the credential “${CREDENTIAL.name}”;
                 “${examples.find((workflow) => workflow.id === WORKFLOW_IDS.trigger)?.name}” is published
  trigger URL    ${triggerUrl}

  Terra emulator ${stack.emulator.apiBaseUrl}   (control API ${stack.emulator.url}/__emulator/)
                 dev-id ${EMULATOR_DEV_ID} · x-api-key ${EMULATOR_API_KEY} · signing secret ${SIGNING_SECRET}
                 ${users.length} users: ${users.map((user) => `${user.provider} (${user.reference_id})`).join(', ')}

  Try it: open “Terra · Users: look up and page through users” and click Execute workflow, or send the
  published trigger a signed event and watch Executions:
    npm run send-event -- --url ${triggerUrl} --type activity
    npm run send-event -- --url ${triggerUrl} --type activity --variant wrong-secret   # 401, no execution

  Logs: ${path.relative(REPO, stack.n8n.logDir)}/ (n8n-start.log, emulator.log). State is recreated on every start.
  ${bold('Ctrl-C stops n8n and the emulator.')}
`);

	const exited = await Promise.race([
		stack.n8n.server!.exited.then(() => 'n8n'),
		stack.emulatorProcess.exited.then(() => 'the Terra emulator'),
	]);
	if (!stopping) {
		console.error(`${exited} exited unexpectedly; see ${path.relative(REPO, stack.n8n.logDir)}/`);
		await stop();
		process.exit(1);
	}
}

main().catch(async (error) => {
	console.error(`demo: ${(error as Error).message}`);
	await stopAll();
	process.exit(1);
});
