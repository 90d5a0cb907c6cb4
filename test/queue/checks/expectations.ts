/**
 * The two expectations of the queue-mode test that follow the trigger's reliability features, kept in one file:
 * - re-sent deliveries (Terra's retries): how many executions one delivery may cause;
 * - large-request annotations: what the trigger adds to each delivery of a large request.
 */
import assert from 'node:assert/strict';

import type { NodeItem } from '../../../scripts/lib/n8n';

/**
 * Whether the Terra Trigger drops a delivery whose X-Terra-Trace-Id it has already accepted ("Ignore Repeated
 * Deliveries", on by default). With one webhook processor every copy reaches the same process, whose memory catches
 * repeats, simultaneous ones included, so exactly one execution per delivery is required. Set it to false only to
 * measure a trigger without deduplication: a re-sent delivery may then start one execution per accepted copy.
 */
export const TRIGGER_DEDUPLICATES_RESENT_DELIVERIES = true;

/** Asserts the executions one delivery caused after `copies` copies of it reached n8n and were answered 200. */
export function assertExecutionsForResentDelivery(what: string, executions: number, copies: number): void {
	if (TRIGGER_DEDUPLICATES_RESENT_DELIVERIES) {
		assert.equal(executions, 1, `${what}: ${copies} copies reached n8n; the trigger must run the workflow exactly once`);
		return;
	}
	// Not deduplicated yet: every accepted copy may run, but the delivery must not be lost or multiplied beyond that.
	assert.ok(executions >= 1 && executions <= copies, `${what}: ${executions} executions for ${copies} accepted copies`);
}

export interface LargeRequestDelivery {
	/** From the emulator's delivery log. */
	type: string;
	traceId: string;
	/** The trigger's output item for it (exactly one: the trigger runs without splitting). */
	item: NodeItem;
}

/**
 * What the trigger's output must say about a large request's deliveries: the reference Terra acknowledged, the
 * chunk's number from Terra's `<id>:chunk:<n>` trace ID, and `expected_payloads` on the sending event. The
 * annotations are stateless (each comes from its own delivery), so they are the same in queue mode as in one process.
 */
export function assertLargeRequestAnnotations(
	deliveries: LargeRequestDelivery[],
	{ reference, chunks }: { reference: string; chunks: number },
): void {
	for (const { type, traceId, item } of deliveries) {
		const terra = item.json.terra as { reference?: string; traceId?: string; chunkIndex?: number };
		assert.equal(terra.reference, reference, `${type} ${traceId}: terra.reference`);
		assert.equal(terra.traceId, traceId, `${type}: terra.traceId`);
		const chunk = /:chunk:(\d+)$/.exec(traceId);
		if (chunk) assert.equal(terra.chunkIndex, Number(chunk[1]), `${traceId}: terra.chunkIndex from the trace ID`);
		if (type === 'large_request_sending') assert.equal(item.json.expected_payloads, chunks, 'expected_payloads on large_request_sending');
	}
	const sending = deliveries.filter(({ type }) => type === 'large_request_sending');
	assert.equal(sending.length, 1, 'one large_request_sending delivery');
}
