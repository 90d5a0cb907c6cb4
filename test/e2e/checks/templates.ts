/**
 * The README's templates, run as a user runs them (`--only=templates`):
 * - onboarding: a customer ID posted to the published sign-up webhook becomes a Terra widget session with that
 *   reference ID; the customer "connects" in the emulator, which sends a signed `auth` event to the published
 *   Terra Trigger, and the Data Table `terra_connections` then maps the reference ID to the new Terra user ID (a
 *   reconnect updates the row instead of adding one);
 * - AI Agent: n8n's AI Agent with an OpenAI Chat Model whose credential points at a scripted model on loopback
 *   (test/e2e/lib/scriptedModel.ts) and the Terra Tool: the model calls the sleep tool, the tool's request reaches
 *   the emulator, and the agent's answer carries the records the emulator served.
 */
import assert from 'node:assert/strict';

import { nodeJson } from '../../../scripts/lib/n8n';
import { EMULATOR_API_KEY, EMULATOR_DEV_ID, triggerWebhookPath } from '../../../scripts/lib/stack';
import { waitFor } from '../../../scripts/lib/processes';
import { WORKFLOW_IDS } from '../../../examples/generate';
import { AGENT_QUESTION, OPENAI_CREDENTIAL } from '../../../examples/aiAgent';
import { CONNECTIONS_TABLE, ONBOARDING_WEBHOOK } from '../../../examples/onboarding';
import { USERS } from '../../../examples/lib/fixtures';
import { ScriptedModel } from '../lib/scriptedModel';
import { executeWorkflow, expectSuccess, query, requestsTo, single, type E2eContext } from './context';

export async function templateChecks(ctx: E2eContext): Promise<void> {
	await ctx.suite.check(
		`Onboarding template: customer ID → widget session with that reference ID → auth event → ${CONNECTIONS_TABLE} row (reference ID → Terra user ID); a reconnect updates it`,
		() => onboarding(ctx),
	);
	await ctx.suite.check(
		'AI Agent template: a scripted chat model calls the Terra Tool (Sleep → Get Many), the request reaches the emulator, the answer carries its records',
		() => agent(ctx),
	);
}

async function onboarding(ctx: E2eContext): Promise<void> {
	const { rest, n8n, emulator } = ctx.stack;
	await rest.publish(WORKFLOW_IDS.onboardingSignup);
	await rest.publish(WORKFLOW_IDS.onboardingConnected);
	await n8n.waitForWebhook(ONBOARDING_WEBHOOK.signupPath, { timeoutMs: ctx.pace.ms(30_000) });
	await n8n.waitForWebhook(triggerWebhookPath(ONBOARDING_WEBHOOK.connectedId), { timeoutMs: ctx.pace.ms(30_000) });
	const previous = await emulator.webhook();
	await emulator.setWebhook(ctx.stack.webhookUrl(ONBOARDING_WEBHOOK.connectedId));
	try {
		const reference = 'customer-4711';
		const connectOnce = async (provider: string) => {
			await emulator.clearRequests();
			const answer = await fetch(`${n8n.baseUrl}/webhook/${ONBOARDING_WEBHOOK.signupPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ reference_id: reference }),
			});
			const text = await answer.text();
			assert.equal(answer.status, 200, `the sign-up webhook answered ${answer.status}: ${text.slice(0, 300)}`);
			const link = JSON.parse(text) as { connect_url?: string; reference_id?: string };
			assert.equal(link.reference_id, reference);
			const session = single(await emulator.requests(), 'POST', '/widget/session');
			assert.equal((session.body as { reference_id?: string }).reference_id, reference, 'Terra got the customer ID as reference_id');
			const match = /\/__emulator\/widget\/([^/?#]+)/.exec(String(link.connect_url));
			assert.ok(match, `the answer is the widget link: ${link.connect_url}`);

			const before = (await rest.executions(WORKFLOW_IDS.onboardingConnected)).length;
			// The customer logs in to their wearable on Terra's page: the emulator creates the user and sends `auth`.
			const connected = await fetch(`${emulator.url}/__emulator/connect/${match[1]}?provider=${provider}&redirect=false`);
			const user = (await connected.json()) as { user_id: string; reference_id: string };
			assert.equal(connected.status, 200);
			const execution = await waitFor(
				'the onboarding trigger workflow to finish',
				async () => {
					const list = await rest.executions(WORKFLOW_IDS.onboardingConnected);
					const last = list.length > before ? list[list.length - 1] : undefined;
					return last && !['new', 'running', 'waiting'].includes(last.status) ? last : undefined;
				},
				{ timeoutMs: ctx.pace.ms(30_000), intervalMs: 300 },
			);
			assert.equal(execution.status, 'success', `execution ${execution.id}: ${execution.status}`);
			return user.user_id;
		};

		const first = await connectOnce('OURA');
		const rowsAfter = async () => {
			const table = (await rest.dataTables()).find((candidate) => candidate.name === CONNECTIONS_TABLE);
			assert.ok(table, `the workflow created the Data Table ${CONNECTIONS_TABLE}`);
			return (await rest.dataTableRows(table)).map((row) => ({ reference_id: row.reference_id, provider: row.provider, user_id: row.user_id }));
		};
		assert.deepEqual(await rowsAfter(), [{ reference_id: reference, provider: 'OURA', user_id: first }]);
		// Reconnecting the same provider gives a new Terra user (Terra also sends user_reauth): the row is updated.
		const second = await connectOnce('OURA');
		assert.notEqual(second, first, 'a reconnect makes a new Terra user');
		assert.deepEqual(await rowsAfter(), [{ reference_id: reference, provider: 'OURA', user_id: second }]);
		ctx.suite.info(`${reference}: OURA user ${first.slice(0, 8)}… then, after reconnecting, ${second.slice(0, 8)}…: one row`);
	} finally {
		await emulator.setWebhook(previous.url);
	}
}

async function agent(ctx: E2eContext): Promise<void> {
	const user = USERS.oura;
	const model = new ScriptedModel(/sleep/i, { user_id: user.userId, start_date: '2026-07-01', end_date: '2026-07-07' });
	const baseUrl = await model.start();
	try {
		await ctx.stack.n8n.importCredentials([
			{ id: OPENAI_CREDENTIAL.id, name: OPENAI_CREDENTIAL.name, type: 'openAiApi', data: { apiKey: 'scripted-model-no-key', url: baseUrl, header: false } },
		]);
		const { result, requests } = await executeWorkflow(ctx, WORKFLOW_IDS.aiAgent);
		const run = expectSuccess(result);

		const calls = model.requests.filter((request) => request.path.endsWith('/chat/completions'));
		assert.equal(calls.length, 2, 'two model turns: the tool call, then the answer');
		const offered = (calls[0].body.tools ?? []).map((tool) => tool.function.name).sort();
		assert.equal(offered.length, 3, `three Terra tools offered: ${offered.join(', ')}`);
		assert.ok(String(calls[0].body.messages?.map((message) => message.content).join(' ')).includes(AGENT_QUESTION), 'the question reached the model');
		assert.deepEqual(model.toolCall?.args, { user_id: user.userId, start_date: '2026-07-01', end_date: '2026-07-07' }, `the model called ${model.toolCall?.name}`);

		// The tool's request reached the emulator: the agent's dates, both included (Terra's end_date is exclusive).
		const sleep = single(requests, 'GET', '/sleep');
		assert.deepEqual([query(sleep, 'user_id'), query(sleep, 'start_date'), query(sleep, 'end_date')], [user.userId, '2026-07-01', '2026-07-08']);
		assert.equal(sleep.status, 200);
		assert.equal(requestsTo(requests, 'DELETE', /.*/).length + requestsTo(requests, 'POST', /.*/).length, 0, 'the agent only read');

		// What the emulator serves for that week, asked directly: every record must be in the agent's answer.
		const direct = await fetch(`${ctx.stack.emulator.apiBaseUrl}/sleep?user_id=${user.userId}&start_date=2026-07-01&end_date=2026-07-08&to_webhook=false&with_samples=false`, {
			headers: { 'dev-id': EMULATOR_DEV_ID, 'x-api-key': EMULATOR_API_KEY },
		});
		const served = ((await direct.json()) as { data: Array<{ metadata: { summary_id: string } }> }).data.map((record) => record.metadata.summary_id);
		assert.ok(served.length > 0, 'the emulator has sleep records for that week');
		const [answer] = nodeJson(run, 'AI Agent');
		const output = String(answer.output);
		for (const id of served) assert.ok(output.includes(id), `the agent's answer names the record ${id}: ${output.slice(0, 400)}`);
		ctx.suite.info(`model called ${model.toolCall?.name}; ${served.length} sleep records from the emulator in the agent's answer (${output.length} characters)`);
	} finally {
		await model.stop();
	}
}
