import { randomUUID } from 'node:crypto';
import type { TerraUser } from '../types';
import type { EmulatorState } from '../state';
import { generateAthlete, generateRange, type DataTypeDef } from '../data/generators';
import {
	buildAthleteEvent,
	buildDataEvent,
	buildLargeRequestProcessingEvent,
	buildLargeRequestSendingEvent,
	buildS3PayloadEvent,
	DATA_EVENT_TYPES,
} from './events';
import type { OutgoingEvent } from './sender';

const DATA_TYPES_WITH_PAYLOAD = new Set<string>([...DATA_EVENT_TYPES, 'athlete']);

/** Sends one event; in Ping (s3PayloadMode) data events become s3_payload pointers to a served copy. */
export async function emit(state: EmulatorState, event: OutgoingEvent): Promise<void> {
	if (state.s3PayloadMode && DATA_TYPES_WITH_PAYLOAD.has(String(event.body.type))) {
		const id = state.s3.put(JSON.stringify(event.body), state.s3ExpiresIn);
		await state.sender.deliver({
			...event,
			body: buildS3PayloadEvent(`${state.url}/__emulator/s3/${id}`, state.s3ExpiresIn),
		});
		return;
	}
	await state.sender.deliver(event);
}

/**
 * Is a to_webhook range "large" (chunked)? With largeRequestDays set: more days than that. Default, per
 * Terra's help-center: only ranges spanning more than one calendar month are chunked (a Dec 1-31 request is
 * never split), so the days must fall in two or more calendar months and exceed 28 days.
 */
export function isLargeRange(days: string[], largeRequestDays?: number): boolean {
	if (largeRequestDays !== undefined) return days.length > largeRequestDays;
	const months = new Set(days.map((d) => d.slice(0, 7)));
	return months.size > 1 && days.length > 28;
}

/** Chunks of days: per calendar month by default, or runs of largeRequestDays days when configured. */
export function chunkDays(days: string[], largeRequestDays?: number): string[][] {
	const chunks: string[][] = [];
	if (largeRequestDays !== undefined) {
		for (let i = 0; i < days.length; i += Math.max(1, largeRequestDays))
			chunks.push(days.slice(i, i + Math.max(1, largeRequestDays)));
		return chunks;
	}
	for (const day of days) {
		const last = chunks[chunks.length - 1];
		if (last && last[0].slice(0, 7) === day.slice(0, 7)) last.push(day);
		else chunks.push([day]);
	}
	return chunks;
}

/**
 * Delivers a to_webhook=true data request. Small: one data event. Large: large_request_processing,
 * large_request_sending {expected_payloads: N}, then N data chunks; all share the terra-reference and
 * chunks carry X-Terra-Trace-Id `<reference>:chunk:<n>` (1-based).
 */
export async function deliverDataRequest(
	state: EmulatorState,
	request: {
		def: DataTypeDef;
		user: TerraUser;
		days: string[];
		withSamples: boolean;
		reference: string;
		large: boolean;
		extra?: (days: string[]) => Record<string, unknown>[];
	},
): Promise<void> {
	const { def, user, reference } = request;
	const ctx = { seed: state.seed, user, withSamples: request.withSamples };
	const generate = (days: string[]) => [
		...generateRange(def, ctx, days),
		...(request.extra?.(days) ?? []),
	];
	if (!def.dated) {
		await emit(state, {
			body: buildAthleteEvent(user, generateAthlete(ctx)),
			reference,
			traceId: reference,
		});
		return;
	}
	if (!request.large) {
		await emit(state, {
			body: buildDataEvent(def.type, user, generate(request.days)),
			reference,
			traceId: reference,
		});
		return;
	}
	const chunks = chunkDays(request.days, state.largeRequestDays);
	await emit(state, {
		body: buildLargeRequestProcessingEvent(user, reference),
		reference,
		traceId: randomUUID(),
	});
	await emit(state, {
		body: buildLargeRequestSendingEvent(user, reference, chunks.length),
		reference,
		traceId: randomUUID(),
	});
	for (const [i, chunk] of chunks.entries()) {
		await emit(state, {
			body: buildDataEvent(def.type, user, generate(chunk)),
			reference,
			traceId: `${reference}:chunk:${i + 1}`,
		});
	}
}

/** Lifecycle events (auth, deauth, user_reauth, ...) each get their own reference and trace id. */
export async function deliverLifecycle(
	state: EmulatorState,
	body: Record<string, unknown>,
	reference: string = randomUUID(),
): Promise<void> {
	await emit(state, { body, reference, traceId: randomUUID() });
}
