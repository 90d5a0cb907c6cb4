/**
 * P2's workflows, published in `n8n start`: the Terra Trigger as a user sets it up (verification on, every event type
 * selected but one, split off) and n8n's bare Webhook node (POST, Respond: Immediately), each followed by a No
 * Operation node. Both keep their executions (n8n's default), so the benchmark can count them.
 */
import { WorkflowBuilder, type N8nWorkflow } from '../../examples/lib/builder';
import { eventOptions } from '../../nodes/TerraTrigger/events';

export const TRIGGER_WORKFLOW = 'benchTriggerTerra';
export const WEBHOOK_WORKFLOW = 'benchTriggerWebhook';
/** The trigger's webhookId: its production URL is /webhook/<id>/webhook. */
export const TRIGGER_WEBHOOK_ID = 'bench-terra-trigger';
export const TRIGGER_WEBHOOK_PATH = `${TRIGGER_WEBHOOK_ID}/webhook`;
/** The Webhook node's path: its production URL is /webhook/<path>. */
export const WEBHOOK_PATH = 'bench-webhook-node';
/** The event type left out of the trigger's selection (the deliveries are `sleep` events, which stay selected). */
export const FILTERED_OUT = 'nutrition';

function finish(builder: WorkflowBuilder, from: string): N8nWorkflow {
	builder.node({ name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [300, 0], parameters: {} });
	builder.connect(from, 'No Operation');
	return builder.build();
}

export function triggerWorkflows(): N8nWorkflow[] {
	const events = eventOptions()
		.map((option) => String(option.value))
		.filter((value) => value !== '*' && value !== FILTERED_OUT);

	const trigger = new WorkflowBuilder(TRIGGER_WORKFLOW, 'Terra bench · deliveries · Terra Trigger');
	trigger.sticky('## Benchmark only (npm run bench)\n\nSigned deliveries through the production webhook.', [-480, -160], 400, 300, 3);
	// typeVersion 2, what a new workflow gets.
	trigger.terraTrigger('Terra Trigger', TRIGGER_WEBHOOK_ID, { events, options: {} }, [0, 0], 2);

	const webhook = new WorkflowBuilder(WEBHOOK_WORKFLOW, 'Terra bench · deliveries · Webhook node');
	webhook.sticky('## Benchmark only (npm run bench)\n\nThe same deliveries to n8n’s bare Webhook node.', [-480, -160], 400, 300, 3);
	webhook.node({
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: 'bench-webhook-node-id',
		parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
	});
	return [finish(trigger, 'Terra Trigger'), finish(webhook, 'Webhook')];
}
