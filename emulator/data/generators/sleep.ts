import { localMidnight } from '../../util/time';
import { dayContext, deviceData, round, series, type GenContext } from './common';

/** The main sleep that started on the evening of `day` (ends the next morning), occasionally a nap. */
export function generateSleep(ctx: GenContext, day: string): Record<string, unknown>[] {
	const c = dayContext(ctx, 'sleep', day);
	const { rng, profile } = c;
	const out: Record<string, unknown>[] = [];
	const startMs =
		localMidnight(day, profile.tzOffsetMinutes) +
		rng.int(21 * 60 + 45, 24 * 60 + 40) * 60_000 +
		rng.int(0, 59) * 1000;
	const inBedS = rng.int(6 * 60, 9 * 60) * 60;
	const endMs = startMs + inBedS * 1000;
	const latency = rng.int(180, 1500);
	const awake = rng.int(600, 3000);
	const asleep = inBedS - awake;
	const deep = Math.round(asleep * rng.float(0.13, 0.23));
	const rem = Math.round(asleep * rng.float(0.18, 0.26));
	const light = asleep - deep - rem;
	const avgHr = profile.restingHr + rng.int(0, 6);
	const slots = Math.floor(inBedS / 300);
	// A plausible hypnogram: awake, then light/deep early in the night and more REM later.
	const hypnogram = series(startMs, 300, slots, (i, at) => {
		const phase = i / slots;
		const level =
			i < 2 ? 1 : rng.bool(0.05) ? 1 : phase < 0.4 ? rng.pick([4, 5, 5]) : rng.pick([4, 6, 6]);
		return { timestamp: c.ts(at), level };
	});
	out.push({
		metadata: {
			summary_id: rng.uuid(),
			start_time: c.ts(startMs),
			end_time: c.ts(endMs),
			is_nap: false,
			upload_type: 2,
			timestamp_localization: 0,
		},
		sleep_durations_data: {
			asleep: {
				duration_asleep_state_seconds: asleep,
				duration_deep_sleep_state_seconds: deep,
				duration_light_sleep_state_seconds: light,
				duration_REM_sleep_state_seconds: rem,
				num_REM_events: rng.int(3, 6),
			},
			awake: {
				duration_awake_state_seconds: awake,
				sleep_latency_seconds: latency,
				wake_up_latency_seconds: rng.int(60, 900),
				num_wakeup_events: rng.int(1, 6),
				num_out_of_bed_events: rng.int(0, 2),
				duration_short_interruption_seconds: rng.int(60, 600),
				duration_long_interruption_seconds: rng.int(0, 900),
			},
			other: { duration_in_bed_seconds: inBedS, duration_unmeasurable_sleep_seconds: 0 },
			sleep_efficiency: round((asleep / inBedS) * 100, 1),
			hypnogram_samples: ctx.withSamples ? hypnogram : [],
		},
		heart_rate_data: {
			summary: {
				avg_hr_bpm: avgHr,
				min_hr_bpm: profile.restingHr - rng.int(0, 4),
				max_hr_bpm: avgHr + rng.int(10, 25),
				resting_hr_bpm: profile.restingHr,
				avg_hrv_rmssd: round(rng.float(25, 85), 1),
				avg_hrv_sdnn: round(rng.float(35, 110), 1),
				user_max_hr_bpm: profile.maxHr,
				hr_zone_data: [],
			},
			detailed: {
				hr_samples: ctx.withSamples
					? series(startMs, 60, Math.floor(inBedS / 60), (_i, at) => ({
							timestamp: c.ts(at),
							bpm: avgHr + c.sampleRng.int(-5, 6),
							context: 2,
						}))
					: [],
				hrv_samples_rmssd: ctx.withSamples
					? series(startMs, 300, slots, (_i, at) => ({
							timestamp: c.ts(at),
							hrv_rmssd: round(c.sampleRng.float(20, 90), 1),
						}))
					: [],
				hrv_samples_sdnn: [],
			},
		},
		respiration_data: {
			breaths_data: {
				avg_breaths_per_min: round(rng.float(12, 16), 1),
				min_breaths_per_min: round(rng.float(9, 12), 1),
				max_breaths_per_min: round(rng.float(16, 20), 1),
				on_demand_reading: false,
				start_time: c.ts(startMs),
				end_time: c.ts(endMs),
				samples: ctx.withSamples
					? series(startMs, 600, Math.floor(slots / 2), (_i, at) => ({
							timestamp: c.ts(at),
							breaths_per_min: round(c.sampleRng.float(11, 17), 1),
						}))
					: [],
			},
			oxygen_saturation_data: {
				avg_saturation_percentage: round(rng.float(94, 98.5), 1),
				start_time: c.ts(startMs),
				end_time: c.ts(endMs),
				samples: [],
			},
			snoring_data: {
				num_snoring_events: rng.int(0, 30),
				total_snoring_duration_seconds: rng.int(0, 1800),
				start_time: c.ts(startMs),
				end_time: c.ts(endMs),
				samples: [],
			},
		},
		readiness_data: { readiness: rng.int(55, 95), recovery_level: rng.int(1, 5) },
		scores: { sleep: rng.int(60, 96) },
		temperature_data: { delta: round(rng.float(-0.6, 0.6), 2) },
		device_data: deviceData(c, ['HEART_RATE', 'SLEEP_TYPE', 'OXYGEN_SATURATION']),
		data_enrichment: { sleep_score: rng.int(55, 95), readiness_score: rng.int(50, 95) },
	});
	if (rng.bool(0.1)) {
		const napStart =
			localMidnight(day, profile.tzOffsetMinutes) + rng.int(13 * 60, 16 * 60) * 60_000;
		const napS = rng.int(15, 45) * 60;
		out.unshift({
			metadata: {
				summary_id: rng.uuid(),
				start_time: c.ts(napStart),
				end_time: c.ts(napStart + napS * 1000),
				is_nap: true,
				upload_type: 2,
			},
			sleep_durations_data: {
				asleep: {
					duration_asleep_state_seconds: napS - 120,
					duration_light_sleep_state_seconds: napS - 120,
				},
				awake: { duration_awake_state_seconds: 120 },
				other: { duration_in_bed_seconds: napS },
				sleep_efficiency: round(((napS - 120) / napS) * 100, 1),
				hypnogram_samples: [],
			},
			heart_rate_data: {
				summary: { avg_hr_bpm: profile.restingHr + 4 },
				detailed: { hr_samples: [] },
			},
		});
	}
	return out;
}
