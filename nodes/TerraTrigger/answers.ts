/**
 * How the trigger answers Terra, and what it logs about refused deliveries.
 *
 * A delivery that starts an execution is answered by n8n ("onReceived", empty 200), and n8n answers only once it has
 * stored the execution: when it cannot (under load SQLite's write lock times out), Terra gets a 500 and retries, so
 * nothing is lost after a 200. Every other request (refused, a repeat, an event not selected) starts nothing, and the
 * trigger answers it itself at once.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { SignatureFailureReason } from './verifySignature';

/** What to check for each refusal reason, in the words of the README's table. */
const REFUSAL_HINTS: Record<SignatureFailureReason, string> = {
	'no-secret-configured': 'the Terra API credential has no Webhook Signing Secret',
	'missing-raw-body': 'n8n did not pass the request body to the node',
	'missing-header': 'the request has no X-Terra-Signature header; it probably did not come from Terra',
	'malformed-header': 'the X-Terra-Signature header is not in Terra’s t=…,v1=… format',
	'missing-timestamp': 'the X-Terra-Signature header has no t= part',
	'missing-v1-signature': 'the X-Terra-Signature header has no v1= signature',
	'no-matching-signature':
		'the signing secret in the credential is not this destination’s (copy it again from Connections → Destinations → Webhook → Edit), or a proxy changed the body',
	'timestamp-too-old': 'signed longer ago than Timestamp Tolerance: a replay, or this server’s clock is behind',
	'timestamp-in-future': 'signed later than now plus Timestamp Tolerance: this server’s clock is ahead',
};

export function rejectDelivery(this: IWebhookFunctions): IWebhookResponseData {
	this.getResponseObject().status(401).send('Unauthorized').end();
	return { noWebhookResponse: true };
}

/** An accepted delivery that starts nothing: an empty 200 from the trigger. */
export function acknowledgeWithoutExecution(this: IWebhookFunctions): IWebhookResponseData {
	this.getResponseObject().status(200).end();
	return { noWebhookResponse: true };
}

/** An execution with these items; n8n answers Terra once it has stored it. */
export function startExecution(this: IWebhookFunctions, items: IDataObject[]): IWebhookResponseData {
	return { workflowData: [this.helpers.returnJsonArray(items)] };
}

/**
 * Calls `onAnswer` with the status n8n answers the request with. Its answer is the only sign a node gets of whether
 * n8n stored the execution, and it may come after Terra hung up, when the response emits no 'finish': so it is
 * observed where n8n writes it.
 */
export function whenN8nAnswers(this: IWebhookFunctions, onAnswer: (status: number) => void): void {
	const res = this.getResponseObject();
	const end = res.end.bind(res) as (...args: unknown[]) => unknown;
	let answered = false;
	res.end = ((...args: unknown[]) => {
		if (!answered) {
			answered = true;
			onAnswer(res.statusCode);
		}
		return end(...args);
	}) as typeof res.end;
}

/**
 * A refused delivery is logged at warn, so a wrong secret shows in n8n's log and not only as 401s in Terra's
 * dashboard. The reason and the signature's `t` are logged; the secret and the signature never are. With
 * verification skipped the delivery is accepted and this is only a debug line.
 */
export function logUnverified(
	this: IWebhookFunctions,
	verification: { reason: SignatureFailureReason; timestamp?: number },
	accepted: boolean,
): void {
	const details = {
		reason: verification.reason,
		signatureTimestamp: verification.timestamp,
		node: this.getNode().name,
		workflowId: this.getWorkflow().id,
	};
	const hint = REFUSAL_HINTS[verification.reason];
	if (accepted) {
		this.logger.debug(
			`Terra Trigger accepted an unverified webhook delivery (Skip Signature Verification is on): ${verification.reason}, ${hint}`,
			details,
		);
		return;
	}
	this.logger.warn(`Terra Trigger refused a webhook delivery (answered 401): ${verification.reason}, ${hint}`, details);
}
