/**
 * typeVersion 2 and Acknowledge Terra: the webhook description n8n resolves per request without an expression
 * isolate, and "When Workflow Finishes" with the repeat protection (a re-sent delivery whose first copy failed runs
 * again; one that succeeded does not), through the webhook harness with real signed requests.
 */
import {
	Workflow,
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
	type INode,
	type INodeParameters,
	type IWebhookDescription,
} from 'n8n-workflow';

import { postRaw, prepareEvent } from '../../emulator/webhooks/sendEvent';
import { TerraTrigger } from '../../nodes/TerraTrigger/TerraTrigger.node';
import { nodeTypesOf } from '../harness/n8n';
import { restartedNodeType, useTriggerFixtures } from './triggerFixtures';
import { TRIGGER_TYPE } from './webhookHarness';

const SECRET = 'whsec_acknowledge_test_0b7e';
const WHEN_FINISHED = { acknowledge: 'lastNode' };
const { trigger, emulator } = useTriggerFixtures(SECRET);

function node(typeVersion: number, parameters: INodeParameters): INode {
	return { id: 'n', name: 'Terra Trigger', type: TRIGGER_TYPE, typeVersion, position: [0, 0], parameters };
}

describe('typeVersion 2: no expression evaluated per delivery', () => {
	const { description } = new TerraTrigger();
	const webhook = description.webhooks![0];

	it('new workflows get version 2; version 1 stays available for existing ones', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('n8n 2.40+ resolves every webhook description field natively (no isolate) for static parameters', () => {
		expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
		expect(resolveWebhookDescriptionField(node(2, {}), webhook, 'responseMode')).toEqual({ resolved: true, value: 'onReceived' });
		expect(resolveWebhookDescriptionField(node(2, WHEN_FINISHED), webhook, 'responseMode')).toEqual({ resolved: true, value: 'lastNode' });
		// An expression anywhere in the parameters sends n8n back to the engine.
		expect(resolveWebhookDescriptionField(node(2, { events: '={{["*"]}}' }), webhook, 'responseMode')).toEqual({ resolved: false });
	});

	it('the template n8n evaluates when it cannot resolve natively (older n8n, the editor) gives the same mode', () => {
		for (const [parameters, mode] of [
			[{}, 'onReceived'],
			[WHEN_FINISHED, 'lastNode'],
		] as const) {
			const workflow = new Workflow({
				nodes: [node(2, parameters)],
				connections: {},
				active: true,
				nodeTypes: nodeTypesOf({ name: TRIGGER_TYPE, type: new TerraTrigger() }),
			});
			const value = workflow.expression.getSimpleParameterValue(workflow.getNode('Terra Trigger')!, (webhook as IWebhookDescription).responseMode!, 'webhook', {});
			expect(value).toBe(mode);
		}
	});

	it('Acknowledge Terra and its 8-second notice are offered from version 2 on only', () => {
		const acknowledge = description.properties.find((property) => property.name === 'acknowledge')!;
		expect(acknowledge.default).toBe('onReceived');
		expect(acknowledge.options?.map((option) => ('name' in option ? option.name : ''))).toEqual(['When Execution Is Stored', 'When Workflow Finishes']);
		expect(acknowledge.displayOptions?.show?.['@version']).toEqual([{ _cnd: { gte: 2 } }]);
		const notice = description.properties.find((property) => property.name === 'acknowledgeNotice')!;
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toContain('8 seconds');
		expect(notice.displayOptions?.show?.acknowledge).toEqual(['lastNode']);
	});

	it('version 1 workflows keep answering on receipt', async () => {
		const server = await trigger({}, { typeVersion: 1, workflowSucceeds: () => false });
		const prepared = prepareEvent({ type: 'sleep', secret: SECRET });
		expect((await postRaw(server.url, prepared.rawBody, prepared.headers)).status).toBe(200);
		expect(server.deliveries[0].workflowSucceeded).toBeUndefined();
	});
});

describe('Acknowledge Terra: When Workflow Finishes', () => {
	it('a failed workflow gets no 2xx; Terra’s re-send runs again, to success, exactly once', async () => {
		const server = await trigger(WHEN_FINISHED, { workflowSucceeds: (run) => run > 1 });
		const emu = await emulator(server.url);
		const attempts = await emu.deliverRetrying(
			{ body: { type: 'sleep', user: emu.users[0], data: [{ metadata: { summary_id: 'f1' } }] }, reference: 'f1', traceId: 'trace-f1' },
			{ timeoutMs: 5000, maxAttempts: 4, retryDelayMs: 20 },
		);
		expect(attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
		expect(server.deliveries.map((delivery) => delivery.workflowSucceeded)).toEqual([false, true]);
		// A later copy is a repeat now.
		const [again] = await emu.deliverRetrying({ body: { type: 'sleep', user: emu.users[0], data: [] }, reference: 'f1', traceId: 'trace-f1' }, { timeoutMs: 5000, maxAttempts: 1, retryDelayMs: 0 });
		expect(again.status).toBe(200);
		expect(server.executions()).toHaveLength(2);
		expect(server.deliveries.at(-1)?.executed).toBe(false);
	});

	it('n8n saves the static data after a failed workflow, and it holds no record of that delivery: the re-send runs in another process', async () => {
		const first = await trigger(WHEN_FINISHED, { workflowId: 'wf-shared', workflowSucceeds: () => false });
		const prepared = prepareEvent({ type: 'sleep', secret: SECRET });
		const headers = { ...prepared.headers, 'x-terra-trace-id': 'trace-failed' };
		expect((await postRaw(first.url, prepared.rawBody, headers)).status).toBe(500);

		const other = await trigger(WHEN_FINISHED, { workflowId: 'wf-shared', nodeType: restartedNodeType(), staticData: first.staticData });
		expect((await postRaw(other.url, prepared.rawBody, headers)).status).toBe(200);
		expect(other.executions()).toHaveLength(1);
		expect(other.deliveries[0].workflowSucceeded).toBe(true);
	});

	it('a delivery that succeeded reaches the static data with the next delivery’s save, so another process takes its re-send for a repeat', async () => {
		const first = await trigger(WHEN_FINISHED, { workflowId: 'wf-carry' });
		const a = prepareEvent({ type: 'sleep', secret: SECRET });
		const b = prepareEvent({ type: 'daily', secret: SECRET });
		const headersA = { ...a.headers, 'x-terra-trace-id': 'trace-a' };
		expect((await postRaw(first.url, a.rawBody, headersA)).status).toBe(200);
		expect((await postRaw(first.url, b.rawBody, { ...b.headers, 'x-terra-trace-id': 'trace-b' })).status).toBe(200);

		const other = await trigger(WHEN_FINISHED, { workflowId: 'wf-carry', nodeType: restartedNodeType(), staticData: first.staticData });
		expect((await postRaw(other.url, a.rawBody, headersA)).status).toBe(200);
		expect(other.executions()).toHaveLength(0);
	});

	it('a copy arriving while the first is still running waits: after a failure the copy runs, after a success it does not', async () => {
		const server = await trigger(WHEN_FINISHED, { storeExecutionDelayMs: 300, workflowSucceeds: (run) => run !== 1 });
		const prepared = prepareEvent({ type: 'sleep', secret: SECRET });
		for (const [traceId, expected] of [
			['trace-running-1', [500, 200]],
			['trace-running-2', [200, 200]],
		] as const) {
			const headers = { ...prepared.headers, 'x-terra-trace-id': traceId };
			const first = postRaw(server.url, prepared.rawBody, headers);
			await new Promise((resolve) => setTimeout(resolve, 100));
			const copy = postRaw(server.url, prepared.rawBody, headers);
			expect([(await first).status, (await copy).status]).toEqual(expected);
		}
		expect(server.deliveries.filter((delivery) => delivery.workflowSucceeded === true)).toHaveLength(2);
		expect(server.executions()).toHaveLength(3);
	});
});
