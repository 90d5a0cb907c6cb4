/**
 * A latency model for the emulated Terra API: real Terra answers a data request after waiting on the provider, so
 * its time grows with the request and with the days it covers. The emulator answers in microseconds plus its own
 * data generation; with a model set, every Terra API answer is held back by `perRequestMs`, and every data GET that
 * returns data (to_webhook=false) by `perDayMs` per calendar day it covers on top (an undated one counts one day). The wait is a timer, not
 * work: concurrent requests wait side by side, as they would on Terra. Both are 0 by default (no added latency).
 */
import { ApiError } from './errors';

export interface LatencyModel {
	/** Added to every answer of the Terra API surfaces (not the control API), errors included. */
	perRequestMs: number;
	/** Added per day a data GET that returns data covers. */
	perDayMs: number;
}

export const NO_LATENCY: LatencyModel = { perRequestMs: 0, perDayMs: 0 };

/** The longest either part may be: a model is for benchmarks, not for hanging a client. */
export const MAX_LATENCY_MS = 600_000;

/** The added time of one answer. */
export function latencyFor(model: LatencyModel, days: number): number {
	return model.perRequestMs + model.perDayMs * Math.max(0, days);
}

function checkedMs(value: unknown, name: string): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > MAX_LATENCY_MS) {
		throw new ApiError(400, `${name} must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}`);
	}
	return number;
}

/** A model from a partial one (the control API's PUT body, start options): unnamed parts keep `base`'s values. */
export function latencyModel(
	update: { perRequestMs?: unknown; perDayMs?: unknown } | undefined,
	base: LatencyModel = NO_LATENCY,
): LatencyModel {
	if (update === undefined || update === null) return { ...base };
	if (typeof update !== 'object' || Array.isArray(update)) {
		throw new ApiError(400, 'the latency model must be {perRequestMs?, perDayMs?}');
	}
	return {
		perRequestMs: update.perRequestMs === undefined ? base.perRequestMs : checkedMs(update.perRequestMs, 'perRequestMs'),
		perDayMs: update.perDayMs === undefined ? base.perDayMs : checkedMs(update.perDayMs, 'perDayMs'),
	};
}
