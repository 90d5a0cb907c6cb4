import { localMidnight } from '../../util/time';
import { dayContext, deviceData, hrWalk, round, series, type GenContext } from './common';

/** Sports the emulator generates, keyed to Terra's numeric ActivityType. */
const SPORTS = [
	{
		type: 8,
		name: 'Morning Run',
		speed: 3.0,
		outdoor: true,
		steps: true,
		power: false,
		intensity: 0.8,
	},
	{
		type: 1,
		name: 'Road Ride',
		speed: 7.5,
		outdoor: true,
		steps: false,
		power: true,
		intensity: 0.7,
	},
	{ type: 7, name: 'Walk', speed: 1.4, outdoor: true, steps: true, power: false, intensity: 0.45 },
	{
		type: 83,
		name: 'Pool Swim',
		speed: 0.9,
		outdoor: false,
		steps: false,
		power: false,
		intensity: 0.65,
	},
	{
		type: 80,
		name: 'Strength Training',
		speed: 0,
		outdoor: false,
		steps: false,
		power: false,
		intensity: 0.6,
	},
	{
		type: 100,
		name: 'Yoga',
		speed: 0,
		outdoor: false,
		steps: false,
		power: false,
		intensity: 0.35,
	},
	{ type: 114, name: 'HIIT', speed: 0, outdoor: false, steps: true, power: false, intensity: 0.85 },
] as const;

/** Activity sessions that started on a day: about one a day (sometimes none, sometimes two). */
export function generateActivities(ctx: GenContext, day: string): Record<string, unknown>[] {
	const c = dayContext(ctx, 'activity', day);
	const { rng, profile } = c;
	const roll = rng.next();
	const count = roll < 0.15 ? 0 : roll > 0.85 ? 2 : 1;
	const out: Record<string, unknown>[] = [];
	const midnight = localMidnight(day, profile.tzOffsetMinutes);
	for (let n = 0; n < count; n++) {
		const sport = rng.pick(SPORTS);
		const startMs =
			midnight +
			(n === 0 ? rng.int(6 * 60, 9 * 60) : rng.int(17 * 60, 19 * 60)) * 60_000 +
			rng.int(0, 59) * 1000;
		const durationS = rng.int(20, 85) * 60 + rng.int(0, 59);
		const endMs = startMs + durationS * 1000;
		const minutes = Math.floor(durationS / 60);
		const avgHr = Math.round(
			profile.restingHr +
				(profile.maxHr - profile.restingHr) * sport.intensity * rng.float(0.85, 1.05),
		);
		const hrNext = hrWalk(rng, avgHr, 4);
		const hrSamples = series(startMs, 60, minutes + 1, (_i, at, el) => ({
			timestamp: c.ts(at),
			bpm: hrNext(),
			timer_duration_seconds: el,
			context: 1,
		}));
		const maxHr = Math.min(
			profile.maxHr,
			Math.max(avgHr + rng.int(8, 25), ...hrSamples.map((s) => s.bpm)),
		);
		const distance =
			sport.speed > 0 ? round(sport.speed * durationS * rng.float(0.9, 1.1), 1) : null;
		const steps = sport.steps
			? Math.round((distance ?? durationS * 1.2) * (sport.type === 7 ? 1.35 : 1.05))
			: null;
		const activeKcal = round(
			(durationS / 60) * (3 + 9 * sport.intensity) * (profile.weightKg / 70),
			1,
		);
		const bmrKcal = round((durationS / 86400) * (profile.sex === 'male' ? 1750 : 1400), 1);
		const zoneSplit = [0.05, 0.15, 0.35, 0.3, 0.15].map((f) => f * rng.float(0.7, 1.3));
		const zoneTotal = zoneSplit.reduce((a, b) => a + b, 0);
		const lat = 51.5 + rng.float(-0.05, 0.05);
		const lng = -0.12 + rng.float(-0.05, 0.05);

		const activity: Record<string, unknown> = {
			metadata: {
				name: sport.name,
				summary_id: rng.uuid(),
				start_time: c.ts(startMs),
				end_time: c.ts(endMs),
				type: sport.type,
				upload_type: 1,
				city: sport.outdoor ? profile.city : null,
				state: sport.outdoor ? profile.state : null,
				country: sport.outdoor ? profile.country : null,
				timestamp_localization: 0,
			},
			active_durations_data: {
				activity_seconds: durationS,
				rest_seconds: rng.int(0, 120),
				low_intensity_seconds: Math.round(durationS * 0.2),
				moderate_intensity_seconds: Math.round(durationS * 0.5),
				vigorous_intensity_seconds: Math.round(durationS * 0.3),
				inactivity_seconds: 0,
				num_continuous_inactive_periods: 0,
				activity_levels_samples: ctx.withSamples
					? series(startMs, 300, Math.ceil(minutes / 5), (_i, at, el) => ({
							timestamp: c.ts(at),
							activity_level: c.sampleRng.pick([3, 4, 5]),
							timer_duration_seconds: el,
						}))
					: [],
			},
			calories_data: {
				total_burned_calories: round(activeKcal + bmrKcal, 1),
				net_activity_calories: activeKcal,
				BMR_calories: bmrKcal,
				net_intake_calories: null,
				calorie_samples: ctx.withSamples
					? series(startMs, 60, minutes, (i, at, el) => ({
							timestamp: c.ts(at),
							calories: round((activeKcal / Math.max(1, minutes)) * c.sampleRng.float(0.8, 1.2), 2),
							timer_duration_seconds: el,
						}))
					: [],
			},
			distance_data: {
				summary: {
					distance_meters: distance,
					steps,
					floors_climbed: sport.outdoor ? rng.int(0, 12) : 0,
					elevation: sport.outdoor
						? {
								gain_actual_meters: round(rng.float(5, 180), 1),
								loss_actual_meters: round(rng.float(5, 180), 1),
								avg_meters: round(rng.float(10, 60), 1),
								max_meters: round(rng.float(60, 120), 1),
								min_meters: round(rng.float(0, 10), 1),
								gain_planned_meters: null,
							}
						: null,
					swimming:
						sport.type === 83
							? {
									num_laps: Math.round((distance ?? 0) / 25),
									num_strokes: Math.round((distance ?? 0) * 0.8),
									pool_length_meters: 25,
								}
							: null,
				},
				detailed: {
					distance_samples:
						ctx.withSamples && distance
							? series(startMs, 60, minutes + 1, (i, at, el) => ({
									timestamp: c.ts(at),
									distance_meters: round((distance * i) / Math.max(1, minutes), 1),
									timer_duration_seconds: el,
								}))
							: [],
					step_samples:
						ctx.withSamples && steps
							? series(startMs, 60, minutes, (_i, at, el) => ({
									timestamp: c.ts(at),
									steps: Math.round(steps / Math.max(1, minutes)),
									timer_duration_seconds: el,
								}))
							: [],
					elevation_samples: [],
					floors_climbed_samples: [],
				},
			},
			heart_rate_data: {
				summary: {
					avg_hr_bpm: avgHr,
					max_hr_bpm: maxHr,
					min_hr_bpm: Math.max(profile.restingHr, avgHr - rng.int(25, 45)),
					resting_hr_bpm: profile.restingHr,
					user_max_hr_bpm: profile.maxHr,
					avg_hrv_rmssd: round(rng.float(20, 60), 1),
					avg_hrv_sdnn: null,
					hr_zone_data: zoneSplit.map((f, i) => ({
						zone: i,
						name: `Zone ${i + 1}`,
						start_percentage: 50 + i * 10,
						end_percentage: 60 + i * 10,
						duration_seconds: Math.round((f / zoneTotal) * durationS),
					})),
				},
				detailed: {
					hr_samples: ctx.withSamples ? hrSamples : [],
					hrv_samples_rmssd: [],
					hrv_samples_sdnn: [],
				},
			},
			movement_data:
				sport.speed > 0
					? {
							avg_speed_meters_per_second: round(sport.speed, 2),
							max_speed_meters_per_second: round(sport.speed * rng.float(1.3, 1.8), 2),
							avg_pace_minutes_per_kilometer: round(1000 / sport.speed / 60, 2),
							max_pace_minutes_per_kilometer: round(1000 / (sport.speed * 1.5) / 60, 2),
							avg_cadence_rpm:
								sport.type === 1 ? rng.int(80, 95) : sport.steps ? rng.int(150, 180) : null,
							max_cadence_rpm:
								sport.type === 1 ? rng.int(100, 120) : sport.steps ? rng.int(180, 200) : null,
							speed_samples: ctx.withSamples
								? series(startMs, 60, minutes, (_i, at, el) => ({
										timestamp: c.ts(at),
										speed_meters_per_second: round(sport.speed * c.sampleRng.float(0.8, 1.2), 2),
										timer_duration_seconds: el,
									}))
								: [],
							cadence_samples: [],
						}
					: null,
			power_data: sport.power
				? {
						avg_watts: rng.int(150, 240),
						max_watts: rng.int(450, 800),
						power_samples: ctx.withSamples
							? series(startMs, 60, minutes, (_i, at, el) => ({
									timestamp: c.ts(at),
									watts: c.sampleRng.int(120, 320),
									timer_duration_seconds: el,
								}))
							: [],
					}
				: null,
			position_data: sport.outdoor
				? {
						start_pos_lat_lng_deg: [round(lat, 5), round(lng, 5)],
						end_pos_lat_lng_deg: [round(lat + 0.001, 5), round(lng + 0.001, 5)],
						center_pos_lat_lng_deg: [round(lat + 0.01, 5), round(lng + 0.01, 5)],
						position_samples: ctx.withSamples
							? series(startMs, 60, minutes, (i, at, el) => ({
									timestamp: c.ts(at),
									coords_lat_lng_deg: [
										round(lat + Math.sin(i / 10) * 0.01, 5),
										round(lng + Math.cos(i / 10) * 0.01, 5),
									],
									timer_duration_seconds: el,
								}))
							: [],
					}
				: null,
			oxygen_data: {
				vo2max_ml_per_min_per_kg: round(rng.float(38, 55), 1),
				avg_saturation_percentage: null,
				saturation_samples: [],
				vo2_samples: [],
			},
			energy_data: {
				energy_kilojoules: round(activeKcal * 4.184, 1),
				energy_planned_kilojoules: null,
			},
			lap_data: { laps: [] },
			strain_data: { strain_level: round(rng.float(5, 18), 1) },
			TSS_data: {
				TSS_samples: [
					{
						actual: round((durationS / 36) * sport.intensity, 1),
						planned: null,
						method: 'hrTSS',
						intensity_factor_actual: round(sport.intensity, 2),
						intensity_factor_planned: null,
						normalized_power_watts: null,
					},
				],
			},
			device_data: deviceData(c, [
				'HEART_RATE',
				'CALORIES',
				...(distance ? ['DISTANCE', 'SPEED'] : []),
				...(steps ? ['STEPS'] : []),
			]),
			data_enrichment: {
				strain_score: round(rng.float(4, 18), 1),
				trimp_score: round(rng.float(20, 160), 1),
				efficiency_score: null,
				rcrs_score: null,
			},
		};
		out.push(activity);
	}
	return out;
}
