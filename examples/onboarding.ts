/**
 * The onboarding template, two workflows:
 * - sign-up: a Webhook takes your customer's ID, the Terra node makes a widget session with it as Terra's
 *   reference ID, and the webhook answers with the link to send the customer to;
 * - connected: the Terra Trigger's `auth` event (the customer connected a wearable) upserts one row per customer and
 *   provider into the n8n Data Table `terra_connections`, so your own ID leads to the Terra user ID.
 */
import { WorkflowBuilder, type N8nWorkflow } from './lib/builder';
import { COL, noted, overview } from './lib/layout';
import { AUTO_MAP, DATA_TABLE } from './lib/tables';

export const ONBOARDING_IDS = { signup: 'terraExOnboardSignup', connected: 'terraExOnboardConnect' } as const;

/** The sign-up Webhook's path (production URL /webhook/<path>) and the trigger's webhook ID. */
export const ONBOARDING_WEBHOOK = { signupPath: 'terra-onboarding', connectedId: 'terra-onboarding-connected' } as const;

export const CONNECTIONS_TABLE = 'terra_connections';

export function onboardingSignup(): N8nWorkflow {
	const b = new WorkflowBuilder(ONBOARDING_IDS.signup, 'Terra · Onboarding 1: send a new customer a connect link');
	overview(
		b,
		'Onboarding, step 1: a connect link for your customer',
		'Your app (or a form) posts `{"reference_id": "<your customer ID>"}` to this workflow’s Production URL. The Terra node creates a widget session with that ID as Terra’s **reference ID**, and the answer is the link to send the customer to. When they connect a wearable, Terra sends an `auth` event: the workflow **Terra · Onboarding 2** stores it.',
	);
	b.node({
		name: 'New customer',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: ONBOARDING_WEBHOOK.signupPath,
		parameters: { httpMethod: 'POST', path: ONBOARDING_WEBHOOK.signupPath, responseMode: 'lastNode', options: {} },
	});
	noted(b, '**Webhook**\nPOST `{"reference_id": "customer-4711"}`. Publish the workflow and use its Production URL. An n8n Form Trigger works the same way.', [0, 0]);
	b.terra('Widget session for this customer', [COL, 0], {
		resource: 'authentication',
		operation: 'generateWidgetSession',
		widgetEndpoint: 'widgetApi',
		providers: [],
		referenceId: '={{ $json.body.reference_id }}',
	});
	noted(b, '**Generate Widget Session**\nTerra’s hosted page where the customer picks their wearable. Your customer ID goes in as the reference ID, so the `auth` event names it.', [COL, 0], 280);
	b.editFields('Connect link', [COL * 2, 0], [
		{ id: 'connUrl1', name: 'connect_url', value: '={{ $json.url }}', type: 'string' },
		{ id: 'connRef1', name: 'reference_id', value: "={{ $('New customer').item.json.body.reference_id }}", type: 'string' },
	]);
	noted(b, '**Edit Fields**\nThe answer to your app: the link to send the customer to (or email it to them).', [COL * 2, 0]);
	b.chain('New customer', 'Widget session for this customer', 'Connect link');
	return b.build();
}

export function onboardingConnected(): N8nWorkflow {
	const b = new WorkflowBuilder(ONBOARDING_IDS.connected, 'Terra · Onboarding 2: store who connected (Data Table)');
	overview(
		b,
		'Onboarding, step 2: remember the Terra user of each customer',
		`Terra sends an \`auth\` event when a customer connects a wearable. This workflow keeps one row per customer and provider in the Data Table \`${CONNECTIONS_TABLE}\` (reference ID, provider, Terra user ID), so later workflows can look the Terra user up by your own ID. Reconnecting updates the row. Publish it and add its Production URL as a destination in Terra’s dashboard.`,
	);
	b.terraTrigger('Customer connected', ONBOARDING_WEBHOOK.connectedId, { events: ['auth'], skipSignatureVerification: false, options: {} });
	noted(b, '**Terra Trigger**\nEvents: Auth (a user connected). Every delivery’s signature is checked first.', [0, 0]);
	b.node({
		...DATA_TABLE,
		name: 'Connections table',
		position: [COL, 0],
		parameters: {
			resource: 'table',
			operation: 'create',
			tableName: CONNECTIONS_TABLE,
			columns: {
				column: [
					{ name: 'reference_id', type: 'string' },
					{ name: 'provider', type: 'string' },
					{ name: 'user_id', type: 'string' },
					{ name: 'connected_at', type: 'string' },
				],
			},
			options: { createIfNotExists: true },
		},
	});
	noted(b, `**Data Table → Create**\nThe table \`${CONNECTIONS_TABLE}\`. **Reuse Existing Tables** makes it a no-op after the first event.`, [COL, 0]);
	b.editFields('Connection', [COL * 2, 0], [
		{ id: 'connRef2', name: 'reference_id', value: "={{ $('Customer connected').first().json.user.reference_id }}", type: 'string' },
		{ id: 'connPrv2', name: 'provider', value: "={{ $('Customer connected').first().json.user.provider }}", type: 'string' },
		{ id: 'connUsr2', name: 'user_id', value: "={{ $('Customer connected').first().json.user.user_id }}", type: 'string' },
		{ id: 'connAt02', name: 'connected_at', value: "={{ $('Customer connected').first().json.terra.receivedAt }}", type: 'string' },
	]);
	noted(b, '**Edit Fields**\nYour customer ID (Terra’s reference ID), the provider and the Terra user ID from the event.', [COL * 2, 0]);
	b.node({
		...DATA_TABLE,
		name: 'Upsert connection',
		position: [COL * 3, 0],
		parameters: {
			resource: 'row',
			operation: 'upsert',
			dataTableId: { __rl: true, mode: 'name', value: CONNECTIONS_TABLE },
			matchType: 'allConditions',
			filters: {
				conditions: [
					{ keyName: 'reference_id', condition: 'eq', keyValue: '={{ $json.reference_id }}' },
					{ keyName: 'provider', condition: 'eq', keyValue: '={{ $json.provider }}' },
				],
			},
			columns: AUTO_MAP,
			options: {},
		},
	});
	noted(b, '**Data Table → Upsert**\nOne row per customer and provider: a reconnect (new Terra user ID) updates the row.', [COL * 3, 0]);
	b.chain('Customer connected', 'Connections table', 'Connection', 'Upsert connection');
	return b.build();
}
