/**
 * The Terra Trigger: verifies each delivery, answers it at once, drops repeats, and turns the event into items.
 * Its parameters are in description.ts; how it answers and logs, in answers.ts.
 */
import {
	NodeConnectionTypes,
	NodeOperationError,
	jsonParse,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { acknowledgeDelivery, afterAcknowledgement, logUnverified, rejectDelivery } from './answers';
import { triggerProperties } from './description';
import { eventTypeOf } from './events';
import { itemsFor, optionsOf, type Delivery } from './items';
import { annotateLargeRequest } from './largeRequests';
import { buildDeliveryMetadata, withLargeRequest } from './output';
import { claimDelivery, deliveryKeys, type DeliveryClaim } from './repeatedDeliveries';
import { parseAllowedHosts } from './s3Hosts';
import { verifyTerraDelivery } from './verifySignature';

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

const MISSING_SECRET_MESSAGE = 'The Terra API credential has no webhook signing secret';
const MISSING_SECRET_DESCRIPTION =
	'Terra signs every webhook, and this trigger only accepts deliveries with a valid signature. In the Terra dashboard open Connections → Destinations → Webhook → Edit, copy the Signing secret and paste it into the credential’s "Webhook Signing Secret" field. For a first test only, you can instead turn on "Skip Signature Verification (Insecure)".';

async function signingSecret(this: IHookFunctions | IWebhookFunctions): Promise<string> {
	const credentials = await this.getCredentials('terraApi');
	const secret = credentials.signingSecret;
	return typeof secret === 'string' ? secret.trim() : '';
}

/** Refuses activation when deliveries cannot be verified (unless explicitly skipped) or the S3 hosts are invalid. */
async function assertCanActivate(this: IHookFunctions): Promise<void> {
	const options = optionsOf(this);
	if (options.fetchS3Payloads === true) {
		const { invalid } = parseAllowedHosts(options.s3PayloadHosts);
		if (invalid.length > 0) {
			throw new NodeOperationError(this.getNode(), `“S3 Payload Hosts” has entries that are not hosts: ${invalid.join(', ')}`, {
				description:
					'List host names separated by commas, e.g. *.s3.amazonaws.com, *.s3.*.amazonaws.com. A leading * matches subdomains; http://host[:port] allows plain http to that one host.',
			});
		}
	}
	if (this.getNodeParameter('skipSignatureVerification', false) as boolean) return;
	if ((await signingSecret.call(this)) === '') {
		throw new NodeOperationError(this.getNode(), MISSING_SECRET_MESSAGE, {
			description: MISSING_SECRET_DESCRIPTION,
		});
	}
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

/** Claims the delivery against repeats, unless the option is off or this is a test ("Listen for test event") run. */
function claimAgainstRepeats(this: IWebhookFunctions, req: WebhookRequest, delivery: Delivery): 'repeat' | DeliveryClaim | undefined {
	if (!(this.getNodeParameter('ignoreRepeatedDeliveries', true) as boolean) || this.getMode() === 'manual') return undefined;
	const keys = deliveryKeys({
		traceId: delivery.metadata.traceId,
		signatureTimestamp: delivery.metadata.signatureTimestamp,
		rawBody: req.rawBody as Buffer | undefined,
	});
	if (keys.check.length === 0) return undefined;
	return claimDelivery({
		scope: `${this.getWorkflow().id ?? ''}/${this.getNode().name}`,
		keys,
		staticData: this.getWorkflowStaticData('node'),
		windowMinutes: optionsOf(this).repeatWindowMinutes,
		nowMs: Date.parse(delivery.metadata.receivedAt),
	});
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
		properties: triggerProperties,
	};

	webhookMethods = {
		default: {
			// Terra has no API for webhook destinations: the URL is registered by hand in the dashboard, so there is
			// nothing to create or delete. Activation only checks that deliveries can be verified.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await assertCanActivate.call(this);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertCanActivate.call(this);
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
		const insecure = this.getNodeParameter('skipSignatureVerification', false) as boolean;

		if ((req.rawBody as Buffer | undefined) === undefined && typeof req.readRawBody === 'function') {
			await req.readRawBody();
		}

		// With verification skipped, a configured secret is still checked, so `terra.verified` shows whether the
		// secret is right before verification is turned back on; nothing is refused.
		const verification = verifyTerraDelivery({
			rawBody: req.rawBody as Buffer | undefined,
			headers: req.headers,
			secret: await signingSecret.call(this),
			toleranceSeconds: optionsOf(this).toleranceSeconds,
		});
		if (!verification.valid) {
			logUnverified.call(this, verification, insecure);
			if (!insecure) return rejectDelivery.call(this);
		}
		acknowledgeDelivery.call(this);

		const body = parseEvent(req);
		const eventType = eventTypeOf(body);
		const metadata = buildDeliveryMetadata({
			headers: req.headers,
			body,
			eventType,
			signatureTimestamp: verification.valid ? verification.timestamp : null,
			verified: verification.valid,
			receivedAt,
		});
		const delivery: Delivery = {
			body,
			metadata: withLargeRequest(metadata, annotateLargeRequest({ eventType, traceId: metadata.traceId, body })),
			verified: verification.valid,
		};

		const claim = claimAgainstRepeats.call(this, req, delivery);
		if (claim === 'repeat') {
			this.logger.debug('Terra Trigger acknowledged a repeated delivery without starting the workflow', {
				traceId: metadata.traceId,
				eventType,
				workflowId: this.getWorkflow().id,
			});
			return afterAcknowledgement.call(this, []);
		}
		const items = await itemsFor.call(this, delivery);
		if (items.length === 0) claim?.release();
		else claim?.commit(this.getWorkflowStaticData('node'));
		return afterAcknowledgement.call(this, items);
	}
}
