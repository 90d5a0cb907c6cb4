import { DAY_MS, localMidnight } from '../../util/time';
import { dayContext, deviceData, hrWalk, round, series, type GenContext } from './common';

/** One cumulative daily summary per calendar day (user-local midnight to midnight). */
export function generateDaily(ctx: GenContext, day: string): Record<string, unknown>[] {
	const c = dayContext(ctx, 'daily', day);
	const { rng, profile } = c;
	const start = localMidnight(day, profile.tzOffsetMinutes);
	const steps = Math.round(rng.normal(9000, 3000, 1500, 25000));
	const distance = round(steps * (profile.heightCm * 0.0041), 1);
	const bmr = round(
		profile.sex === 'male'
			? 10 * profile.weightKg + 6.25 * profile.heightCm - 5 * profile.age + 5
			: 10 * profile.weightKg + 6.25 * profile.heightCm - 5 * profile.age - 161,
		1,
	);
	const activeKcal = round(steps * 0.045 + rng.float(50, 400), 1);
	const activeS = rng.int(40, 150) * 60;
	const hr = hrWalk(c.sampleRng, profile.restingHr + 15, 3);
	// Minute-level heart rate over the day makes long with_samples ranges realistically heavy.
	const hrSamples = ctx.withSamples
		? series(start, 60, 1440, (_i, at) => ({ timestamp: c.ts(at), bpm: hr(), context: 0 }))
		: [];
	return [
		{
			metadata: {
				start_time: c.ts(start),
				end_time: c.ts(start + DAY_MS),
				upload_type: 1,
				timestamp_localization: 0,
			},
			distance_data: {
				steps,
				distance_meters: distance,
				floors_climbed: rng.int(2, 25),
				elevation: {
					gain_actual_meters: round(rng.float(10, 120), 1),
					avg_meters: null,
					max_meters: null,
					min_meters: null,
					loss_actual_meters: null,
					gain_planned_meters: null,
				},
				swimming: null,
				detailed: {
					step_samples: ctx.withSamples
						? series(start, 900, 96, (_i, at, el) => ({
								timestamp: c.ts(at),
								steps: Math.round((steps / 96) * c.sampleRng.float(0, 2)),
								timer_duration_seconds: el,
							}))
						: [],
					distance_samples: [],
					elevation_samples: [],
					floors_climbed_samples: [],
				},
			},
			calories_data: {
				total_burned_calories: round(bmr + activeKcal, 1),
				net_activity_calories: activeKcal,
				BMR_calories: bmr,
				net_intake_calories: null,
				calorie_samples: [],
			},
			active_durations_data: {
				activity_seconds: activeS,
				inactivity_seconds: rng.int(9, 14) * 3600,
				rest_seconds: rng.int(6, 9) * 3600,
				low_intensity_seconds: Math.round(activeS * 0.6),
				moderate_intensity_seconds: Math.round(activeS * 0.3),
				vigorous_intensity_seconds: Math.round(activeS * 0.1),
				num_continuous_inactive_periods: rng.int(1, 8),
				standing_hours_count: rng.int(6, 14),
				activity_levels_samples: [],
			},
			heart_rate_data: {
				summary: {
					resting_hr_bpm: profile.restingHr,
					avg_hr_bpm: profile.restingHr + rng.int(10, 20),
					max_hr_bpm: rng.int(130, profile.maxHr),
					min_hr_bpm: profile.restingHr - rng.int(0, 6),
					avg_hrv_rmssd: round(rng.float(25, 75), 1),
					user_max_hr_bpm: profile.maxHr,
					hr_zone_data: [],
				},
				detailed: { hr_samples: hrSamples, hrv_samples_rmssd: [], hrv_samples_sdnn: [] },
			},
			stress_data: {
				avg_stress_level: rng.int(15, 55),
				max_stress_level: rng.int(60, 99),
				rest_stress_duration_seconds: rng.int(6, 10) * 3600,
				low_stress_duration_seconds: rng.int(2, 6) * 3600,
				medium_stress_duration_seconds: rng.int(1, 4) * 3600,
				high_stress_duration_seconds: rng.int(0, 2) * 3600,
				activity_stress_duration_seconds: activeS,
				stress_rating: rng.int(1, 4),
				samples: ctx.withSamples
					? series(start, 180, 480, (_i, at) => ({ timestamp: c.ts(at), level: c.sampleRng.int(5, 80) }))
					: [],
				body_battery_samples: ctx.withSamples
					? series(start, 900, 96, (i, at) => ({
							timestamp: c.ts(at),
							level: Math.max(5, 95 - Math.round(i * 0.8) + c.sampleRng.int(-3, 3)),
						}))
					: [],
			},
			oxygen_data: {
				avg_saturation_percentage: round(rng.float(95, 99), 1),
				vo2max_ml_per_min_per_kg: round(rng.float(38, 52), 1),
				saturation_samples: [],
				vo2_samples: [],
			},
			MET_data: {
				avg_level: round(rng.float(1.2, 2.2), 2),
				num_high_intensity_minutes: rng.int(0, 40),
				num_moderate_intensity_minutes: rng.int(10, 60),
				num_low_intensity_minutes: rng.int(60, 300),
				num_inactive_minutes: rng.int(500, 900),
				MET_samples: [],
			},
			scores: { activity: rng.int(40, 99), recovery: rng.int(30, 99), sleep: rng.int(55, 96) },
			strain_data: { strain_level: round(rng.float(4, 18), 1) },
			device_data: deviceData(c, ['STEPS', 'HEART_RATE', 'CALORIES', 'DISTANCE', 'ACTIVE_MINUTES']),
			tag_data: { tags: [] },
		},
	];
}
