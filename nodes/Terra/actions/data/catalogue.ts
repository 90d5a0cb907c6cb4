// Over 200 lines because it is data: one entry per Terra data type, mostly the Simplified output's field paths.
import type { TerraEndpointKey } from '../../endpoints';

/**
 * Terra's data types share one shape of endpoint: GET /<type>?user_id&start_date&end_date&to_webhook&with_samples,
 * and (on the legacy surface) POST /<type> {data:[…]} and DELETE /<type> {log_ids|data:[…]}. They are defined
 * here once, as data; the operations in this folder are generic over them.
 */
export interface TerraDataType {
	resource: string;
	displayName: string;
	/** Plural noun for picker actions, e.g. "Get activities for a date range". */
	plural: string;
	getEndpoint: TerraEndpointKey;
	/** Whether the GET takes start_date/end_date (athlete does not). */
	dated: boolean;
	/** Whether the GET takes with_samples. */
	samples: boolean;
	createEndpoint?: TerraEndpointKey;
	deleteEndpoint?: TerraEndpointKey;
	/** Terra's body key for DELETE differs per endpoint: /body takes log_ids, /nutrition and /plannedWorkout take data. */
	deleteBodyKey?: 'log_ids' | 'data';
	/** Field → dot path in the record, for the Simplified output. */
	simplified?: Record<string, string>;
	/** Response key holding the records when it is not `data` (athlete). */
	recordsKey?: string;
	/** The Resource picker's description of the data type, for no-code users. */
	description: string;
}

export const TERRA_DATA_TYPES: TerraDataType[] = [
	{
		resource: 'activity',
		description: 'Workouts and other activity sessions: type, duration, distance, calories, heart rate',
		displayName: 'Activity',
		plural: 'activities',
		getEndpoint: 'activity:getAll',
		dated: true,
		samples: true,
		createEndpoint: 'activity:create',
		simplified: {
			summary_id: 'metadata.summary_id',
			name: 'metadata.name',
			type: 'metadata.type',
			start_time: 'metadata.start_time',
			end_time: 'metadata.end_time',
			upload_type: 'metadata.upload_type',
			active_seconds: 'active_durations_data.activity_seconds',
			distance_meters: 'distance_data.summary.distance_meters',
			steps: 'distance_data.summary.steps',
			calories: 'calories_data.total_burned_calories',
			avg_hr_bpm: 'heart_rate_data.summary.avg_hr_bpm',
			max_hr_bpm: 'heart_rate_data.summary.max_hr_bpm',
			avg_speed_meters_per_second: 'movement_data.avg_speed_meters_per_second',
			avg_watts: 'power_data.avg_watts',
			device: 'device_data.name',
		},
	},
	{
		resource: 'athlete',
		description: 'The user’s profile at the provider: name, age, sex, location',
		displayName: 'Athlete',
		plural: 'athlete profiles',
		getEndpoint: 'athlete:get',
		dated: false,
		samples: false,
		recordsKey: 'athlete',
	},
	{
		resource: 'body',
		description: 'Body measurements: weight, body fat, blood pressure, glucose, temperature, oxygen',
		displayName: 'Body',
		plural: 'body metrics',
		getEndpoint: 'body:getAll',
		dated: true,
		samples: true,
		createEndpoint: 'body:create',
		deleteEndpoint: 'body:delete',
		deleteBodyKey: 'log_ids',
		simplified: {
			start_time: 'metadata.start_time',
			end_time: 'metadata.end_time',
			weight_kg: 'measurements_data.day_avg_weight_kg',
			bmi: 'measurements_data.day_avg_bmi',
			bodyfat_percentage: 'measurements_data.day_avg_bodyfat_percentage',
			systolic_bp: 'blood_pressure_data.day_avg_systolic_bp',
			diastolic_bp: 'blood_pressure_data.day_avg_diastolic_bp',
			blood_glucose_mg_per_dl: 'glucose_data.day_avg_blood_glucose_mg_per_dL',
			body_temperature_celsius: 'temperature_data.day_avg_body_temperature_celsius',
			water_consumption_ml: 'hydration_data.day_total_water_consumption_ml',
			avg_saturation_percentage: 'oxygen_data.avg_saturation_percentage',
		},
	},
	{
		resource: 'daily',
		description: 'Daily summaries: steps, distance, calories, heart rate, stress and scores',
		displayName: 'Daily',
		plural: 'daily summaries',
		getEndpoint: 'daily:getAll',
		dated: true,
		samples: true,
		simplified: {
			start_time: 'metadata.start_time',
			end_time: 'metadata.end_time',
			steps: 'distance_data.steps',
			distance_meters: 'distance_data.distance_meters',
			floors_climbed: 'distance_data.floors_climbed',
			calories: 'calories_data.total_burned_calories',
			active_calories: 'calories_data.net_activity_calories',
			active_seconds: 'active_durations_data.activity_seconds',
			avg_hr_bpm: 'heart_rate_data.summary.avg_hr_bpm',
			resting_hr_bpm: 'heart_rate_data.summary.resting_hr_bpm',
			avg_stress_level: 'stress_data.avg_stress_level',
			avg_saturation_percentage: 'oxygen_data.avg_saturation_percentage',
			activity_score: 'scores.activity',
			recovery_score: 'scores.recovery',
			sleep_score: 'scores.sleep',
		},
	},
	{
		resource: 'menstruation',
		description: 'Menstrual cycle data: period dates, cycle day and length, current phase',
		displayName: 'Menstruation',
		plural: 'menstruation data',
		getEndpoint: 'menstruation:getAll',
		dated: true,
		samples: true,
		simplified: {
			start_time: 'metadata.start_time',
			end_time: 'metadata.end_time',
			period_start_date: 'menstruation_data.period_start_date',
			day_in_cycle: 'menstruation_data.day_in_cycle',
			cycle_length_days: 'menstruation_data.cycle_length_days',
			period_length_days: 'menstruation_data.period_length_days',
			predicted_cycle_length_days: 'menstruation_data.predicted_cycle_length_days',
			is_predicted_cycle: 'menstruation_data.is_predicted_cycle',
			current_phase: 'menstruation_data.current_phase',
			days_until_next_phase: 'menstruation_data.days_until_next_phase',
		},
	},
	{
		resource: 'nutrition',
		description: 'Meals and daily nutrition totals: calories, macros, water',
		displayName: 'Nutrition',
		plural: 'nutrition logs',
		getEndpoint: 'nutrition:getAll',
		dated: true,
		samples: true,
		createEndpoint: 'nutrition:create',
		deleteEndpoint: 'nutrition:delete',
		deleteBodyKey: 'data',
		simplified: {
			start_time: 'metadata.start_time',
			end_time: 'metadata.end_time',
			calories: 'summary.macros.calories',
			protein_g: 'summary.macros.protein_g',
			carbohydrates_g: 'summary.macros.carbohydrates_g',
			fat_g: 'summary.macros.fat_g',
			fiber_g: 'summary.macros.fiber_g',
			sugar_g: 'summary.macros.sugar_g',
			sodium_mg: 'summary.macros.sodium_mg',
			water_ml: 'summary.water_ml',
		},
	},
	{
		resource: 'sleep',
		description: 'Sleep sessions: time asleep per stage, heart rate, breathing, readiness',
		displayName: 'Sleep',
		plural: 'sleep sessions',
		getEndpoint: 'sleep:getAll',
		dated: true,
		samples: true,
		simplified: {
			summary_id: 'metadata.summary_id',
			start_time: 'metadata.start_time',
			end_time: 'metadata.end_time',
			is_nap: 'metadata.is_nap',
			asleep_seconds: 'sleep_durations_data.asleep.duration_asleep_state_seconds',
			deep_seconds: 'sleep_durations_data.asleep.duration_deep_sleep_state_seconds',
			light_seconds: 'sleep_durations_data.asleep.duration_light_sleep_state_seconds',
			rem_seconds: 'sleep_durations_data.asleep.duration_REM_sleep_state_seconds',
			awake_seconds: 'sleep_durations_data.awake.duration_awake_state_seconds',
			in_bed_seconds: 'sleep_durations_data.other.duration_in_bed_seconds',
			efficiency: 'sleep_durations_data.sleep_efficiency',
			avg_hr_bpm: 'heart_rate_data.summary.avg_hr_bpm',
			resting_hr_bpm: 'heart_rate_data.summary.resting_hr_bpm',
			avg_hrv_rmssd: 'heart_rate_data.summary.avg_hrv_rmssd',
			avg_breaths_per_min: 'respiration_data.breaths_data.avg_breaths_per_min',
			readiness: 'readiness_data.readiness',
		},
	},
	{
		resource: 'plannedWorkoutLegacy',
		description:
			'Planned workouts through Terra’s deprecated endpoints, served only on the legacy host. For new work use Workout Template and Planned Workout.',
		displayName: 'Planned Workout (Legacy)',
		plural: 'planned workouts',
		getEndpoint: 'plannedWorkoutLegacy:getAll',
		dated: true,
		samples: false,
		createEndpoint: 'plannedWorkoutLegacy:create',
		deleteEndpoint: 'plannedWorkoutLegacy:delete',
		deleteBodyKey: 'data',
		simplified: {
			id: 'metadata.id',
			name: 'metadata.name',
			type: 'metadata.type',
			planned_date: 'metadata.planned_date',
			provider: 'metadata.provider',
			description: 'metadata.description',
			estimated_duration_seconds: 'metadata.estimated_duration_seconds',
			estimated_distance_meters: 'metadata.estimated_distance_meters',
			estimated_calories: 'metadata.estimated_calories',
		},
	},
];
