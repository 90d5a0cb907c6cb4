/**
 * The Terra Trigger: verifies each delivery, drops repeats, and turns the event into items; Terra gets its 200 once
 * n8n has stored the execution (from version 2, optionally once the workflow finished: acknowledge.ts).
 * Its parameters are in description.ts; how it answers and logs, in answers.ts; the signing secret, in signingSecrets.ts.
 */
import {
	NodeConnectionTypes,
	NodeOperationError,
	jsonParse,
	sleep,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { acknowledgesWhenFinished, webhookDescription } from './acknowledge';
import { acknowledgeWithoutExecution, logUnverified, rejectDelivery, startExecution, whenN8nAnswers } from './answers';
import { triggerProperties } from './description';
import { eventTypeOf, subtitleExpression } from './events';
import { itemsFor, optionsOf, type Delivery } from './items';
import { annotateLargeRequest } from './largeRequests';
import { buildDeliveryMetadata, withLargeRequest } from './output';
import { claimDelivery, deliveryKeys, type DeliveryClaim } from './repeatedDeliveries';
import { parseAllowedHosts } from './s3Hosts';
import { credentialIdOf, rememberSigningSecret, signingSecret, verifyDelivery } from './signingSecrets';

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

const MISSING_SECRET_MESSAGE = 'The Terra API credential has no webhook signing secret';
const MISSING_SECRET_DESCRIPTION =
	'Terra signs every webhook, and this trigger only accepts deliveries with a valid signature. In the Terra dashboard open Connections → Destinations → Webhook → Edit, copy the Signing secret and paste it into the credential’s "Webhook Signing Secret" field. For a first test only, you can instead turn on "Skip Signature Verification (Insecure)".';

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
	const secret = await signingSecret.call(this);
	rememberSigningSecret(credentialIdOf(this.getNode()), secret);
	if (secret === '') {
		throw new NodeOperationError(this.getNode(), MISSING_SECRET_MESSAGE, {
			description: MISSING_SECRET_DESCRIPTION,
		});
	}
}

/**
 * Whether n8n's body parser turned exactly these raw bytes into `req.body`: it does for `application/json` (n8n's
 * parseBody, before the node runs; a body that is not JSON is refused there with a 422), decoding by the charset, so
 * only for UTF-8 is its result the one parseEvent would get. A 5 MB body then costs one JSON parse, not two.
 */
function parsedByN8n(req: WebhookRequest, readByN8n: boolean): boolean {
	const { contentType, encoding } = req as { contentType?: string; encoding?: string };
	return readByN8n && contentType === 'application/json' && (encoding === 'utf-8' || encoding === 'utf8') && req.body !== undefined;
}

/** The event as sent: parsed from the verified raw bytes (UTF-8, a byte order mark dropped as n8n 2.x does). */
function parseEvent(req: WebhookRequest, readByN8n: boolean): unknown {
	const rawBody = req.rawBody as Buffer | undefined;
	if (rawBody === undefined) return req.body as unknown;
	if (rawBody.length > 0 && parsedByN8n(req, readByN8n)) return req.body as unknown;
	const decoded = rawBody.toString('utf8');
	const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
	if (text.trim() === '') return null;
	try {
		return jsonParse(text);
	} catch {
		// Not JSON: kept as text, so the delivery is still visible with "All" selected.
		return text;
	}
}

/** How long a copy waits for n8n to answer the delivery it repeats, before it runs as well (nothing lost over nothing repeated). */
const IN_FLIGHT_WAIT_MS = 60_000;
const IN_FLIGHT_POLL_MS = 50;

/**
 * Claims the delivery against repeats, unless the option is off or this is a test ("Listen for test event") run.
 * A copy of a delivery n8n has not answered yet waits for that answer: stored, it is a repeat; not, it runs.
 */
async function claimAgainstRepeats(
	this: IWebhookFunctions,
	delivery: Delivery,
	identity: { nodeName: string; signedContent: string | null; windowMinutes: number },
): Promise<'repeat' | DeliveryClaim | undefined> {
	if (!(this.getNodeParameter('ignoreRepeatedDeliveries', true) as boolean) || this.getMode() === 'manual') return undefined;
	const keys = deliveryKeys({ traceId: delivery.metadata.traceId, signedContent: identity.signedContent });
	if (keys.check.length === 0) return undefined;
	const claim = (takeOverInFlight: boolean) =>
		claimDelivery({
			scope: `${this.getWorkflow().id ?? ''}/${identity.nodeName}`,
			keys,
			staticData: this.getWorkflowStaticData('node'),
			windowMinutes: identity.windowMinutes,
			nowMs: Date.parse(delivery.metadata.receivedAt),
			takeOverInFlight,
		});
	const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
	let result = claim(false);
	while (result.outcome === 'inFlight') {
		let settled = false;
		void result.settled.then(() => (settled = true));
		// Polled: a node waits only with n8n's sleep, which cannot be cancelled, so racing a 60 s sleep would leave it running.
		while (!settled && Date.now() < deadline) await sleep(IN_FLIGHT_POLL_MS);
		result = claim(!settled);
		if (!settled) {
			this.logger.warn(`Terra Trigger ran a repeated delivery: n8n had not answered the first copy within ${IN_FLIGHT_WAIT_MS / 1000} s`, {
				traceId: delivery.metadata.traceId,
				workflowId: this.getWorkflow().id,
			});
		}
	}
	if (result.outcome === 'claimed') return result.claim;
	// n8n saves the static data right after a repeat's webhook(): a chance to restore records a concurrent save lost.
	result.carryRecords(this.getWorkflowStaticData('node'));
	return 'repeat';
}

export class TerraTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Terra Trigger',
		name: 'terraTrigger',
		icon: { light: 'file:../../icons/terra.svg', dark: 'file:../../icons/terra.dark.svg' },
		group: ['trigger'],
		// 2: Acknowledge Terra, and no expression evaluated per delivery (n8n evaluates one for every typeVersion 1 webhook node).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: subtitleExpression(),
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
		webhooks: [webhookDescription],
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
		const arrivedAt = Date.now();
		const receivedAt = new Date(arrivedAt);
		const req = this.getRequestObject();
		const insecure = this.getNodeParameter('skipSignatureVerification', false) as boolean;
		// Read once per delivery: n8n copies the node, and the options, on every read.
		const node = this.getNode();
		const options = optionsOf(this);

		const readByN8n = (req.rawBody as Buffer | undefined) !== undefined;
		if (!readByN8n && typeof req.readRawBody === 'function') await req.readRawBody();

		// With verification skipped, a configured secret is still checked, so `terra.verified` shows whether the
		// secret is right before verification is turned back on; nothing is refused.
		const verification = await verifyDelivery.call(this, req, {
			arrivedAt,
			credentialId: credentialIdOf(node),
			toleranceSeconds: options.toleranceSeconds,
		});
		if (!verification.valid) {
			logUnverified.call(this, verification, insecure);
			if (!insecure) return rejectDelivery.call(this);
		}

		const body = parseEvent(req, readByN8n);
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

		const claim = await claimAgainstRepeats.call(this, delivery, {
			nodeName: node.name,
			signedContent: verification.valid ? verification.contentId : null,
			windowMinutes: options.repeatWindowMinutes,
		});
		if (claim === 'repeat') {
			this.logger.debug('Terra Trigger acknowledged a repeated delivery without starting the workflow', {
				traceId: metadata.traceId,
				eventType,
				workflowId: this.getWorkflow().id,
			});
			return acknowledgeWithoutExecution.call(this);
		}
		let items: IDataObject[] = [];
		try {
			items = await itemsFor.call(this, delivery, options);
		} finally {
			// Nothing will start (no items, or an error n8n answers 500): a repeat must be handled again.
			if (items.length === 0) claim?.settle(false);
		}
		if (items.length === 0) return acknowledgeWithoutExecution.call(this);
		if (claim !== undefined) {
			const staticData = this.getWorkflowStaticData('node');
			// When Workflow Finishes: n8n saves the static data even after a failed workflow, and a re-send of that delivery
			// must run, so this delivery's record stays in memory until it succeeded (a later save carries it).
			const write = acknowledgesWhenFinished(this) ? () => claim.carry(staticData) : () => claim.record(staticData);
			write();
			// n8n 2.40.7 clears the static data's "changed" flag when WorkflowRunner.run() starts, before it saves it, so
			// changes made here would be lost; run() starts synchronously after webhook() returns and stores the
			// execution over database I/O, so the same record written again on the next timer lands in between.
			void sleep(0).then(write);
			whenN8nAnswers.call(this, (status) => claim.settle(status >= 200 && status < 300));
		}
		return startExecution.call(this, items);
	}
}
