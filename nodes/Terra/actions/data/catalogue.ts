// Over 200 lines because it is data: one entry per Terra data type, mostly the Simplified output's columns.
import type { TerraEndpointKey } from '../../endpoints';

/**
 * The Simplified output of a data type: the same columns for every record and every provider, missing values null,
 * so a sheet or table mapping never breaks. Every type leads with user_id, reference_id and provider; dated types
 * then have `date` (YYYY-MM-DD in the record's own offset) and `record_id` (a stable key to upsert on), then a few
 * metrics: the ones people chart most, at most 10 columns in all (n8n's guideline for a simplified output). (`record_id`, not `id`: n8n Data Tables and other
 * stores reserve `id` for their own row number.)
 */
export interface SimplifiedColumns {
	/** The timestamp whose calendar day is `date`; athlete has none (and no `record_id`: user_id is its key). */
	date?: string;
	/**
	 * Where Terra's own record ID is (`summary_id`); a record without one gets "<type>:<user_id>:<start time>".
	 * Types without a Terra ID (daily, body, nutrition, menstruation: one record per user and day) get
	 * "<type>:<user_id>:<date>".
	 */
	id?: string;
	/** Metric columns: name → dot path in Terra's record. */
	metrics: Record<string, string>;
	/** More fields people ask for, offered by Selected Fields beside the metrics (dot paths in Terra's record). */
	more?: string[];
}

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
	simplified: SimplifiedColumns;
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
			date: 'metadata.start_time',
			id: 'metadata.summary_id',
			metrics: {
				type: 'metadata.type',
				active_seconds: 'active_durations_data.activity_seconds',
				distance_meters: 'distance_data.summary.distance_meters',
				calories: 'calories_data.total_burned_calories',
				avg_hr_bpm: 'heart_rate_data.summary.avg_hr_bpm',
			},
			more: ['metadata.name', 'metadata.start_time', 'metadata.end_time', 'device_data.name'],
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
		simplified: {
			metrics: {
				first_name: 'first_name',
				last_name: 'last_name',
				sex: 'sex',
				age: 'age',
				date_of_birth: 'date_of_birth',
				city: 'city',
				country: 'country',
			},
		},
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
			date: 'metadata.start_time',
			metrics: {
				weight_kg: 'measurements_data.day_avg_weight_kg',
				bodyfat_percentage: 'measurements_data.day_avg_bodyfat_percentage',
				systolic_bp: 'blood_pressure_data.day_avg_systolic_bp',
				diastolic_bp: 'blood_pressure_data.day_avg_diastolic_bp',
				blood_glucose_mg_per_dl: 'glucose_data.day_avg_blood_glucose_mg_per_dL',
			},
			more: ['measurements_data.day_avg_bmi', 'temperature_data.day_avg_body_temperature_celsius', 'device_data.name'],
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
			date: 'metadata.start_time',
			metrics: {
				steps: 'distance_data.steps',
				distance_meters: 'distance_data.distance_meters',
				calories: 'calories_data.total_burned_calories',
				active_seconds: 'active_durations_data.activity_seconds',
				resting_hr_bpm: 'heart_rate_data.summary.resting_hr_bpm',
			},
			more: ['calories_data.net_activity_calories', 'stress_data.avg_stress_level', 'metadata.end_time', 'device_data.name'],
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
			date: 'metadata.start_time',
			metrics: {
				current_phase: 'menstruation_data.current_phase',
				day_in_cycle: 'menstruation_data.day_in_cycle',
				cycle_length_days: 'menstruation_data.cycle_length_days',
				period_start_date: 'menstruation_data.period_start_date',
				period_length_days: 'menstruation_data.period_length_days',
			},
			more: ['menstruation_data.is_predicted_cycle', 'menstruation_data.days_until_next_phase'],
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
			date: 'metadata.start_time',
			metrics: {
				calories: 'summary.macros.calories',
				protein_g: 'summary.macros.protein_g',
				carbohydrates_g: 'summary.macros.carbohydrates_g',
				fat_g: 'summary.macros.fat_g',
				water_ml: 'summary.water_ml',
			},
			more: ['summary.macros.fiber_g', 'summary.macros.sugar_g'],
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
			date: 'metadata.start_time',
			id: 'metadata.summary_id',
			metrics: {
				start_time: 'metadata.start_time',
				asleep_seconds: 'sleep_durations_data.asleep.duration_asleep_state_seconds',
				deep_seconds: 'sleep_durations_data.asleep.duration_deep_sleep_state_seconds',
				rem_seconds: 'sleep_durations_data.asleep.duration_REM_sleep_state_seconds',
				avg_hrv_rmssd: 'heart_rate_data.summary.avg_hrv_rmssd',
			},
			more: ['metadata.end_time', 'metadata.is_nap', 'device_data.name'],
		},
	},
	{
		resource: 'plannedWorkoutLegacy',
		description:
			'Planned workouts through Terra’s older API, which Terra has deprecated. For new work use Workout Template and Planned Workout.',
		displayName: 'Planned Workout (Legacy)',
		plural: 'planned workouts',
		getEndpoint: 'plannedWorkoutLegacy:getAll',
		dated: true,
		samples: false,
		createEndpoint: 'plannedWorkoutLegacy:create',
		deleteEndpoint: 'plannedWorkoutLegacy:delete',
		deleteBodyKey: 'data',
		simplified: {
			date: 'metadata.planned_date',
			id: 'metadata.id',
			metrics: {
				name: 'metadata.name',
				type: 'metadata.type',
				estimated_duration_seconds: 'metadata.estimated_duration_seconds',
				estimated_distance_meters: 'metadata.estimated_distance_meters',
				estimated_calories: 'metadata.estimated_calories',
			},
			more: ['metadata.description'],
		},
	},
];

/** The Selected Fields picker's choices for a type: its date and ID, its metrics and its `more` fields, by path. */
export function selectableFields(type: TerraDataType): string[] {
	const { date, id, metrics, more = [] } = type.simplified;
	const paths = [date, id, ...Object.values(metrics), ...more].filter((path): path is string => Boolean(path));
	return [...new Set(paths)].sort((a, b) => a.localeCompare(b));
}
