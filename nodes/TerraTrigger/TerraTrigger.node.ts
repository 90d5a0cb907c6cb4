// Over 200 lines because it is one node: its description (mostly the parameters users see) and the webhook flow, read top to bottom.
import {
	NodeConnectionTypes,
	NodeOperationError,
	jsonParse,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { ALL_EVENTS, eventOptions, eventTypeOf, isEventSelected } from './events';
import { trackLargeRequest } from './largeRequests';
import {
	buildDeliveryMetadata,
	eventItem,
	shapeEvent,
	withLargeRequest,
	type DeliveryMetadata,
} from './output';
import { describeFetchError, fetchS3Payload, s3PayloadUrl } from './s3Payload';
import { DEFAULT_TOLERANCE_SECONDS, verifyTerraDelivery } from './verifySignature';

interface TriggerOptions {
	fetchS3Payloads?: boolean;
	splitIntoRecords?: boolean;
	toleranceSeconds?: number;
}

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

const MISSING_SECRET_MESSAGE = 'The Terra API credential has no webhook signing secret';
const MISSING_SECRET_DESCRIPTION =
	'Terra signs every webhook, and this trigger only accepts deliveries with a valid signature. In the Terra dashboard open Connections → Destinations → Webhook → Edit, copy the Signing secret and paste it into the credential’s "Webhook Signing Secret" field. For a first test only, you can instead turn on "Skip Signature Verification (Insecure)".';

async function signingSecret(this: IHookFunctions | IWebhookFunctions): Promise<string> {
	const credentials = await this.getCredentials('terraApi');
	const secret = credentials.signingSecret;
	return typeof secret === 'string' ? secret.trim() : '';
}

/** Refuses activation when there is no signing secret, unless verification is explicitly skipped. */
async function assertCanVerify(this: IHookFunctions): Promise<void> {
	if (this.getNodeParameter('skipSignatureVerification', false) as boolean) return;
	if ((await signingSecret.call(this)) === '') {
		throw new NodeOperationError(this.getNode(), MISSING_SECRET_MESSAGE, {
			description: MISSING_SECRET_DESCRIPTION,
		});
	}
}

/*
 * The trigger answers every request itself and returns `noWebhookResponse`, so n8n never answers for it. An accepted
 * delivery gets its empty 200 right after verification: n8n's own "onReceived" answer comes only after
 * WorkflowRunner.run() has created the execution, and Terra should not wait for that (or for an s3_payload download).
 */
function rejectDelivery(this: IWebhookFunctions): IWebhookResponseData {
	this.getResponseObject().status(401).send('Unauthorized').end();
	return { noWebhookResponse: true };
}

function acknowledgeDelivery(this: IWebhookFunctions): void {
	this.getResponseObject().status(200).end();
}

/** The webhook's result once the delivery is answered: an execution with these items, or none. */
function afterAcknowledgement(this: IWebhookFunctions, items: IDataObject[]): IWebhookResponseData {
	if (items.length === 0) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(items)] };
}

/** The event as sent: parsed from the verified raw bytes, so the output is exactly what was signed. */
function parseEvent(req: WebhookRequest): unknown {
	const rawBody = req.rawBody as Buffer | undefined;
	if (rawBody === undefined) return req.body as unknown;
	const text = rawBody.toString('utf8');
	if (text.trim() === '') return null;
	try {
		return jsonParse(text);
	} catch {
		// Not JSON: kept as text, so the delivery is still visible with "All" selected.
		return text;
	}
}

export class TerraTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Terra Trigger',
		name: 'terraTrigger',
		icon: { light: 'file:../../icons/terra.svg', dark: 'file:../../icons/terra.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["events"].includes("*") ? "All events" : "Events: " + $parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Terra sends a signed webhook (wearable data, connections, lab reports)',
		defaults: {
			name: 'Terra Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'terraApi',
				required: true,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// webhook() answers every request itself; should n8n ever answer, an empty 2xx is all Terra needs.
				responseData: 'noData',
				path: 'webhook',
			},
		],
		activationMessage:
			'Terra delivers events to this workflow once its production URL is added as a webhook destination in the Terra dashboard.',
		properties: [
			{
				displayName:
					'Register this node’s Production URL in Terra: in the <a href="https://dashboard.tryterra.co" target="_blank">Terra dashboard</a> open Connections → Destinations → Webhook and add the URL. Then open the destination with Edit, copy its Signing secret and paste it into the Terra API credential (Webhook Signing Secret). Each destination and environment has its own secret. <a href="https://docs.tryterra.co/health-and-fitness-api/integration-setup/setting-up-data-destinations/webhooks" target="_blank">More info</a>.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [ALL_EVENTS],
				options: eventOptions(),
				description:
					'The Terra event types that start the workflow. Other verified events are acknowledged without starting it.',
			},
			{
				displayName: 'Skip Signature Verification (Insecure)',
				name: 'skipSignatureVerification',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept deliveries without checking Terra’s signature. Only for a first test before the signing secret is set up.',
			},
			{
				displayName:
					'Signature verification is off: anyone who knows this webhook URL can start the workflow with made-up data. Add the signing secret to the Terra API credential and turn this option off before using real data.',
				name: 'insecureNotice',
				type: 'notice',
				default: '',
				displayOptions: {
					show: {
						skipSignatureVerification: [true],
					},
				},
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Fetch S3 Payloads',
						name: 'fetchS3Payloads',
						type: 'boolean',
						default: false,
						description:
							'Whether to download the data behind s3_payload events (Terra’s Ping delivery mode) and output it in place of the pointer. The event filter then applies to the downloaded event’s type.',
					},
					{
						displayName: 'Split Into One Item per Record',
						name: 'splitIntoRecords',
						type: 'boolean',
						default: false,
						description:
							'Whether to output one item per record for events with a data array (activity, sleep, daily, …), each with the event’s type, user and metadata',
					},
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_TOLERANCE_SECONDS,
						description:
							'How far the signature’s timestamp may be from now before a delivery is refused as a replay. 0 turns the check off.',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			// Terra has no API for webhook destinations: the URL is registered by hand in the dashboard, so there is
			// nothing to create or delete. Activation only checks that deliveries can be verified.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await assertCanVerify.call(this);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertCanVerify.call(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const receivedAt = new Date();
		const req = this.getRequestObject();
		const selected = this.getNodeParameter('events', [ALL_EVENTS]) as string[];
		const insecure = this.getNodeParameter('skipSignatureVerification', false) as boolean;
		const options = this.getNodeParameter('options', {}) as TriggerOptions;

		if ((req.rawBody as Buffer | undefined) === undefined && typeof req.readRawBody === 'function') {
			await req.readRawBody();
		}

		// With verification skipped, a configured secret is still checked, so `terra.verified` shows whether the
		// secret is right before verification is turned back on; nothing is refused.
		const verification = verifyTerraDelivery({
			rawBody: req.rawBody as Buffer | undefined,
			headers: req.headers,
			secret: await signingSecret.call(this),
			toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
		});
		if (!verification.valid) {
			this.logger.debug(
				insecure
					? 'Terra Trigger accepted an unverified webhook delivery (Skip Signature Verification is on)'
					: 'Terra Trigger refused a webhook delivery (answered 401)',
				{
					reason: verification.reason,
					signatureTimestamp: verification.timestamp,
					node: this.getNode().name,
					workflowId: this.getWorkflow().id,
				},
			);
			if (!insecure) return rejectDelivery.call(this);
		}
		acknowledgeDelivery.call(this);
		const signatureTimestamp = verification.valid ? verification.timestamp : null;

		const body = parseEvent(req);
		const eventType = eventTypeOf(body);
		let metadata: DeliveryMetadata = buildDeliveryMetadata({
			headers: req.headers,
			body,
			eventType,
			signatureTimestamp,
			verified: verification.valid,
			receivedAt,
		});
		// Counted before filtering, so chunks are numbered even when the large_request_* events are not selected.
		const annotation = trackLargeRequest(this.getWorkflowStaticData('node'), {
			eventType,
			reference: metadata.reference,
			traceId: metadata.traceId,
			expectedPayloads: (body as IDataObject | null)?.expected_payloads,
			nowMs: receivedAt.getTime(),
		});
		metadata = withLargeRequest(metadata, annotation);
		const split = options.splitIntoRecords === true;

		const s3Url = options.fetchS3Payloads && eventType === 's3_payload' ? s3PayloadUrl(body) : undefined;
		if (s3Url === undefined) {
			if (!isEventSelected(eventType, selected)) {
				this.logger.debug('Terra Trigger acknowledged an event that is not selected', { eventType });
				return afterAcknowledgement.call(this, []);
			}
			return afterAcknowledgement.call(this, shapeEvent(body, metadata, split));
		}

		let items: IDataObject[];
		try {
			const fetched = await fetchS3Payload.call(this, s3Url);
			const fetchedType = eventTypeOf(fetched);
			if (!isEventSelected(fetchedType, selected) && !selected.includes('s3_payload')) {
				this.logger.debug('Terra Trigger fetched an s3_payload event that is not selected', {
					eventType: fetchedType,
				});
				return afterAcknowledgement.call(this, []);
			}
			items = shapeEvent(fetched, { ...metadata, eventType: fetchedType, source: 's3_payload' }, split);
		} catch (error) {
			const message = describeFetchError(error);
			this.logger.warn(`Terra Trigger: ${message}`, {
				node: this.getNode().name,
				workflowId: this.getWorkflow().id,
				reference: metadata.reference,
			});
			items = [eventItem(body, metadata, { error: message })];
		}
		return afterAcknowledgement.call(this, items);
	}
}
