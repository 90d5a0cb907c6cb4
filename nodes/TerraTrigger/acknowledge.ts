/**
 * When Terra gets its answer ("Acknowledge Terra"), from typeVersion 2 on.
 *
 * - When Execution Is Stored (n8n's "onReceived"): the default. Fast, but a worker that dies or an execution that
 *   fails after n8n stored it is not sent again: Terra already has its 200.
 * - When Workflow Finishes (n8n's "lastNode"): Terra gets a 2xx only once the workflow finished successfully, so a
 *   dead worker, a failed execution or a database that is down means no 2xx, and Terra sends the delivery again.
 *   Terra waits about 8 s.
 *
 * n8n reads the response mode from the webhook description on every request. An expression there would build an
 * expression isolate per delivery; n8n 2.40+ resolves a field natively (no isolate) when it declares a resolver
 * under the registered symbol below and the node's parameters hold no expression. Older n8n versions ignore the
 * symbol and evaluate the same template.
 */
import type { IDataObject, INodeProperties, IWebhookDescription, IWebhookFunctions } from 'n8n-workflow';

export const ACKNOWLEDGE_WHEN_STORED = 'onReceived';
export const ACKNOWLEDGE_WHEN_FINISHED = 'lastNode';

const RESPONSE_MODE_TEMPLATE = `={{$parameter["acknowledge"] || "${ACKNOWLEDGE_WHEN_STORED}"}}`;
/** n8n-workflow's WEBHOOK_RESOLVERS (2.40+), a registered symbol: the same key without requiring that version. */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

export const webhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: RESPONSE_MODE_TEMPLATE,
	// An empty 2xx is all Terra needs, in both modes.
	responseData: 'noData',
	path: 'webhook',
	[WEBHOOK_RESOLVERS]: {
		responseMode: {
			template: RESPONSE_MODE_TEMPLATE,
			resolve: (parameters: IDataObject) => parameters.acknowledge || ACKNOWLEDGE_WHEN_STORED,
		},
	},
} as IWebhookDescription;

export function acknowledgesWhenFinished(context: Pick<IWebhookFunctions, 'getNodeParameter'>): boolean {
	return context.getNodeParameter('acknowledge', ACKNOWLEDGE_WHEN_STORED) === ACKNOWLEDGE_WHEN_FINISHED;
}

const VERSION_2 = { '@version': [{ _cnd: { gte: 2 } }] };

export const acknowledgeProperties: INodeProperties[] = [
	{
		displayName: 'Acknowledge Terra',
		name: 'acknowledge',
		type: 'options',
		default: ACKNOWLEDGE_WHEN_STORED,
		options: [
			{
				name: 'When Execution Is Stored',
				value: ACKNOWLEDGE_WHEN_STORED,
				description:
					'Terra gets its answer as soon as n8n has stored the execution. If the execution then fails or its worker stops, Terra does not send the event again.',
			},
			{
				name: 'When Workflow Finishes',
				value: ACKNOWLEDGE_WHEN_FINISHED,
				description:
					'Terra gets its answer only when the workflow has finished successfully. If it fails, or its worker stops, Terra sends the event again and the workflow runs again.',
			},
		],
		description: 'When n8n tells Terra that the event arrived',
		displayOptions: { show: VERSION_2 },
	},
	{
		displayName:
			'Terra waits about 8 seconds for its answer. If the workflow takes longer, Terra counts the event as not delivered and sends it again: the copy starts nothing while this execution runs or after it succeeded, but Terra keeps retrying and reports the destination as failing. Keep this workflow short (for example: store the data, then process it in another workflow), or choose When Execution Is Stored.',
		name: 'acknowledgeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...VERSION_2, acknowledge: [ACKNOWLEDGE_WHEN_FINISHED] } },
	},
];
