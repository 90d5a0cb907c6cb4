import { Rng } from '../../util/prng';
import { DAY_MS, localMidnight } from '../../util/time';
import { dayContext, deviceData, round, series, type GenContext } from './common';

/** One body record per day: a morning weigh-in, resting heart rate, SpO2, temperature and (some days) blood pressure. */
export function generateBody(ctx: GenContext, day: string): Record<string, unknown>[] {
	const c = dayContext(ctx, 'body', day);
	const { rng, profile } = c;
	const start = localMidnight(day, profile.tzOffsetMinutes);
	// Weight drifts slowly over weeks (from a per-week stream) plus a little daily noise.
	const weekIndex = Math.floor(Date.parse(day) / DAY_MS / 7);
	const weekShift = new Rng(ctx.seed, 'body-week', ctx.user.user_id, weekIndex).normal(0, 0.8);
	const weight = round(profile.weightKg + weekShift + rng.normal(0, 0.3), 1);
	const fat = round(rng.normal(profile.sex === 'male' ? 18 : 26, 1.5, 8, 40), 1);
	const weighInMs = start + rng.int(6 * 60, 8 * 60 + 30) * 60_000;
	const bmi = round(weight / (profile.heightCm / 100) ** 2, 1);
	const bp = rng.bool(0.4);
	return [
		{
			metadata: {
				start_time: c.ts(start),
				end_time: c.ts(start + DAY_MS),
				timestamp_localization: 0,
			},
			measurements_data: {
				measurements: [
					{
						measurement_time: c.ts(weighInMs),
						weight_kg: weight,
						height_cm: profile.heightCm,
						BMI: bmi,
						bodyfat_percentage: fat,
						muscle_mass_g: Math.round(weight * (1 - fat / 100) * 0.55 * 1000),
						bone_mass_g: Math.round(weight * 0.04 * 1000),
						water_percentage: round(rng.float(50, 62), 1),
						lean_mass_g: Math.round(weight * (1 - fat / 100) * 1000),
						BMR: Math.round(
							10 * weight +
								6.25 * profile.heightCm -
								5 * profile.age +
								(profile.sex === 'male' ? 5 : -161),
						),
						estimated_fitness_age: profile.age - rng.int(-3, 8),
					},
				],
				day_avg_weight_kg: weight,
				day_avg_bmi: bmi,
				day_avg_bodyfat_percentage: fat,
				day_avg_height_cm: profile.heightCm,
			},
			heart_data: {
				heart_rate_data: {
					summary: {
						resting_hr_bpm: profile.restingHr,
						avg_hr_bpm: profile.restingHr + rng.int(12, 20),
						min_hr_bpm: profile.restingHr - 3,
						max_hr_bpm: rng.int(120, 170),
					},
					detailed: {
						hr_samples: ctx.withSamples
							? series(start, 300, 288, (_i, at) => ({
									timestamp: c.ts(at),
									bpm: profile.restingHr + c.sampleRng.int(0, 40),
								}))
							: [],
					},
				},
				rr_interval_samples: [],
				afib_classification_samples: [],
				ecg_signal: [],
				pulse_wave_velocity_samples: [],
			},
			oxygen_data: {
				avg_saturation_percentage: round(rng.float(95, 99), 1),
				saturation_samples: ctx.withSamples
					? series(start, 3600, 24, (_i, at) => ({
							timestamp: c.ts(at),
							percentage: round(c.sampleRng.float(93, 100), 1),
							type: 0,
						}))
					: [],
				vo2_samples: [],
				vo2max_ml_per_min_per_kg: null,
			},
			temperature_data: {
				day_avg_body_temperature_celsius: round(rng.normal(36.6, 0.15), 2),
				day_avg_skin_temperature_celsius: round(rng.normal(33.5, 0.4), 2),
				body_temperature_samples: [],
				skin_temperature_samples: ctx.withSamples
					? series(start, 1800, 48, (_i, at) => ({
							timestamp: c.ts(at),
							temperature_celsius: round(c.sampleRng.normal(33.5, 0.5), 2),
						}))
					: [],
				ambient_temperature_samples: [],
			},
			blood_pressure_data: bp
				? {
						day_avg_systolic_bp: rng.int(108, 132),
						day_avg_diastolic_bp: rng.int(68, 84),
						blood_pressure_samples: [
							{
								timestamp: c.ts(weighInMs + 120_000),
								systolic_bp: rng.int(105, 135),
								diastolic_bp: rng.int(65, 85),
							},
						],
					}
				: { blood_pressure_samples: [] },
			hydration_data: {
				day_total_water_consumption_ml: rng.int(1200, 3200),
				hydration_amount_samples: [],
			},
			glucose_data: {
				blood_glucose_samples: [],
				detailed_blood_glucose_samples: [],
				daily_patterns: [],
			},
			ketone_data: { ketone_samples: [] },
			device_data: deviceData(c, ['HEART_RATE', 'OXYGEN_SATURATION']),
		},
	];
}
