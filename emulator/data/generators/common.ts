import type { TerraUser } from '../../types';
import { Rng, round } from '../../util/prng';
import { formatLocal } from '../../util/time';
import { userProfile, type UserProfile } from '../users';

/** Everything a generator needs; output must be a pure function of these fields (+ the day). */
export interface GenContext {
	seed: number;
	user: TerraUser;
	withSamples: boolean;
}

export interface DayContext extends GenContext {
	/** Calendar day YYYY-MM-DD (user-local). */
	day: string;
	profile: UserProfile;
	/** Random stream dedicated to (seed, type, user, day). */
	rng: Rng;
	/** A separate stream for sample arrays, so a record's other fields are identical with or without samples. */
	sampleRng: Rng;
	/** Formats an instant in the user's local offset, Terra style. */
	ts: (utcMs: number) => string;
}

export function dayContext(ctx: GenContext, type: string, day: string): DayContext {
	const profile = userProfile(ctx.seed, ctx.user.user_id);
	return {
		...ctx,
		day,
		profile,
		rng: new Rng(ctx.seed, type, ctx.user.user_id, day),
		sampleRng: new Rng(ctx.seed, `${type}:samples`, ctx.user.user_id, day),
		ts: (ms) => formatLocal(ms, profile.tzOffsetMinutes),
	};
}

/** Builds `count` evenly spaced samples starting at startMs. */
export function series<T>(
	startMs: number,
	stepSeconds: number,
	count: number,
	make: (i: number, atMs: number, elapsedSeconds: number) => T,
): T[] {
	const out: T[] = [];
	for (let i = 0; i < count; i++)
		out.push(make(i, startMs + i * stepSeconds * 1000, i * stepSeconds));
	return out;
}

const DEVICES: Record<
	string,
	{ name: string; manufacturer: string; hardware_version: string; software_version: string }
> = {
	GARMIN: {
		name: 'Forerunner 965',
		manufacturer: 'Garmin',
		hardware_version: '3.0',
		software_version: '21.19',
	},
	FITBIT: {
		name: 'Charge 6',
		manufacturer: 'Fitbit',
		hardware_version: 'FB422',
		software_version: '196.55',
	},
	OURA: {
		name: 'Oura Ring Gen3',
		manufacturer: 'Oura',
		hardware_version: 'gen3',
		software_version: '2.9.14',
	},
	WHOOP: {
		name: 'WHOOP 4.0',
		manufacturer: 'WHOOP',
		hardware_version: '4.0',
		software_version: '41.14.1',
	},
	WITHINGS: {
		name: 'ScanWatch 2',
		manufacturer: 'Withings',
		hardware_version: 'HWA10',
		software_version: '2731',
	},
	POLAR: {
		name: 'Vantage V3',
		manufacturer: 'Polar',
		hardware_version: '00792165',
		software_version: '6.2.3',
	},
	APPLE: {
		name: 'Apple Watch Series 9',
		manufacturer: 'Apple Inc.',
		hardware_version: 'Watch7,3',
		software_version: '10.5',
	},
	COROS: {
		name: 'PACE 3',
		manufacturer: 'COROS',
		hardware_version: 'W311',
		software_version: '3.0508.0',
	},
};

export function deviceData(c: DayContext, provided: string[]): Record<string, unknown> {
	const d = DEVICES[c.user.provider] ?? {
		name: `${c.user.provider} device`,
		manufacturer: c.user.provider,
		hardware_version: '1.0',
		software_version: '1.0.0',
	};
	const serial = new Rng(c.seed, 'serial', c.user.user_id).hex(6).toUpperCase();
	return {
		...d,
		serial_number: serial,
		data_provided: provided,
		activation_timestamp: c.user.created_at,
		last_upload_date: null,
		other_devices: [],
	};
}

/** A heart-rate value that drifts smoothly around a mean (random walk with pull back to the mean). */
export function hrWalk(rng: Rng, mean: number, spread: number): () => number {
	let value = mean;
	return () => {
		value += (mean - value) * 0.2 + rng.normal(0, spread);
		return Math.round(value);
	};
}

export { round };
