/**
 * Terra deliveries for the queue-mode checks, sent by the emulator (POST /__emulator/events: the emulator builds
 * and signs the event, posts it, and records the attempt in its delivery log), many at a time.
 */
import type { EmulatorClient } from '../../../scripts/lib/emulatorProcess';

/** Genuine deliveries cycle through these event types. */
export const GENUINE_TYPES = [
	'activity',
	'sleep',
	'daily',
	'body',
	'nutrition',
	'menstruation',
	'athlete',
	'auth',
	'deauth',
	'user_reauth',
	'planned_workout',
	'permission_change',
] as const;

export const FORGED_VARIANTS = ['wrong-secret', 'unsigned', 'malformed', 'old-timestamp', 'future-timestamp'] as const;
export type ForgedVariant = (typeof FORGED_VARIANTS)[number];

/** Terra gives up on an attempt after about this long and retries it later. */
export const TERRA_ATTEMPT_TIMEOUT_MS = 8_000;

export interface PlannedDelivery {
	type: string;
	variant: 'valid' | ForgedVariant;
	userId: string;
}

export interface SentDelivery extends PlannedDelivery {
	genuine: boolean;
	traceId: string;
	/** n8n's answer; 0 when the request failed. */
	status: number;
	/** Time until n8n answered, measured around the emulator's send. */
	ackMs: number;
	error?: string;
}

/** `genuine` signed deliveries with `forged` ones spread evenly among them, users round-robin. */
export function deliveryPlan(genuine: number, forged: number, userIds: string[]): PlannedDelivery[] {
	const plan: PlannedDelivery[] = [];
	const every = Math.max(1, Math.floor(genuine / Math.max(1, forged)));
	let forgedSent = 0;
	for (let index = 0; index < genuine; index++) {
		plan.push({ type: GENUINE_TYPES[index % GENUINE_TYPES.length], variant: 'valid', userId: userIds[index % userIds.length] });
		if ((index + 1) % every === 0 && forgedSent < forged) {
			plan.push({ type: 'activity', variant: FORGED_VARIANTS[forgedSent % FORGED_VARIANTS.length], userId: userIds[0] });
			forgedSent++;
		}
	}
	for (; forgedSent < forged; forgedSent++) {
		plan.push({ type: 'activity', variant: FORGED_VARIANTS[forgedSent % FORGED_VARIANTS.length], userId: userIds[0] });
	}
	return plan;
}

/** Runs `jobs` with at most `limit` in flight. */
export async function pool<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
	const results = new Array<T>(jobs.length);
	let next = 0;
	const lanes = Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, async () => {
		while (next < jobs.length) {
			const index = next++;
			results[index] = await jobs[index]();
		}
	});
	await Promise.all(lanes);
	return results;
}

export async function sendDelivery(emulator: EmulatorClient, url: string, planned: PlannedDelivery): Promise<SentDelivery> {
	const started = Date.now();
	try {
		const result = await emulator.sendEvent({
			type: planned.type,
			variant: planned.variant,
			url,
			user_id: planned.userId,
			// Long enough to measure slow acknowledgements instead of cutting them off like Terra would.
			timeoutMs: 120_000,
		});
		return {
			...planned,
			genuine: planned.variant === 'valid',
			traceId: result.headers['x-terra-trace-id'],
			status: result.status,
			ackMs: Date.now() - started,
		};
	} catch (error) {
		return { ...planned, genuine: planned.variant === 'valid', traceId: '', status: 0, ackMs: Date.now() - started, error: String(error) };
	}
}

export function sendDeliveries(
	emulator: EmulatorClient,
	url: string,
	plan: PlannedDelivery[],
	concurrency: number,
): Promise<SentDelivery[]> {
	return pool(
		plan.map((planned) => () => sendDelivery(emulator, url, planned)),
		concurrency,
	);
}

/** The p-th percentile (nearest rank) of `values`, or 0 when there are none. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
