/** Workout templates and planned workouts (Planned Workouts API on the current surface). */

export const WORKOUT_SPORTS = [
	'running',
	'cycling',
	'swimming',
	'strength',
	'rowing',
	'yoga',
	'pilates',
	'cardio',
	'trail_running',
	'mountain_biking',
	'backcountry_skiing',
	'hiking',
	'walking',
	'elliptical',
	'stair_climbing',
];
const ENVIRONMENTS = ['indoor', 'outdoor', 'pool'];
const COMPLETION_TYPES = [
	'time',
	'distance',
	'hr',
	'calories',
	'open',
	'power',
	'reps',
	'hr_percentage',
	'power_percentage',
	'hr_less_than',
	'hr_greater_than',
];
const TARGET_TYPES = [
	'speed',
	'heart_rate',
	'open',
	'cadence',
	'power',
	'swim_stroke',
	'speed_lap',
	'heart_rate_lap',
	'pace',
	'heart_rate_threshold_percentage',
	'heart_rate_max_percentage',
];
const INTENSITIES = ['rest', 'warmup', 'cooldown', 'recovery', 'active'];
const CONTROL_TYPES = ['grade', 'resistance'];

/** Plausibility ranges Terra enforces as hard 400s ("sanity ranges"); the bounds here are the emulator's. */
const COMPLETION_RANGES: Record<string, [number, number]> = {
	time: [1, 86_400],
	distance: [1, 1_000_000],
	hr: [30, 250],
	hr_less_than: [30, 250],
	hr_greater_than: [30, 250],
	calories: [1, 10_000],
	power: [1, 3000],
	reps: [1, 1000],
	hr_percentage: [1, 200],
	power_percentage: [1, 300],
};
const TARGET_RANGES: Record<string, [number, number]> = {
	speed: [0, 30],
	speed_lap: [0, 30],
	heart_rate: [30, 250],
	heart_rate_lap: [30, 250],
	cadence: [0, 300],
	power: [0, 3000],
	swim_stroke: [0, 10],
	pace: [0, 3600],
	heart_rate_threshold_percentage: [1, 200],
	heart_rate_max_percentage: [1, 200],
};
const TEMPLATE_RANGES: Record<string, [number, number]> = {
	pool_length_meters: [10, 100],
	estimated_duration_seconds: [0, 172_800],
	estimated_distance_meters: [0, 1_000_000],
	estimated_calories: [0, 20_000],
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkRange(
	path: string,
	value: unknown,
	range: [number, number] | undefined,
): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (!isNum(value)) return `${path} must be a number`;
	if (range && (value < range[0] || value > range[1]))
		return `${path} out of range (${range[0]}-${range[1]})`;
	return undefined;
}

function checkBounds(
	path: string,
	o: Obj,
	range: [number, number] | undefined,
): string | undefined {
	for (const key of ['value', 'value_low', 'value_high']) {
		const err = checkRange(`${path}.${key}`, o[key], range);
		if (err) return err;
	}
	if (isNum(o.value_low) && isNum(o.value_high) && o.value_low > o.value_high)
		return `${path}.value_low must not exceed value_high`;
	return undefined;
}

function checkCompletion(path: string, cc: unknown): string | undefined {
	if (!isObj(cc)) return `${path} is required`;
	if (typeof cc.type !== 'string' || !COMPLETION_TYPES.includes(cc.type))
		return `${path}.type must be one of ${COMPLETION_TYPES.join(', ')}`;
	return checkBounds(path, cc, COMPLETION_RANGES[cc.type]);
}

/** Validates a WorkoutTemplate body; returns the 400 detail or undefined. */
export function validateTemplate(body: unknown): string | undefined {
	if (!isObj(body)) return 'request body must be a WorkoutTemplate object';
	if (typeof body.name !== 'string' || !body.name.trim()) return 'name is required';
	if (body.name.length > 256) return 'name is too long (max 256)';
	if (typeof body.sport !== 'string' || !WORKOUT_SPORTS.includes(body.sport))
		return `sport must be one of ${WORKOUT_SPORTS.join(', ')}`;
	if (
		body.environment !== undefined &&
		body.environment !== null &&
		!ENVIRONMENTS.includes(String(body.environment))
	)
		return `environment must be one of ${ENVIRONMENTS.join(', ')}`;
	for (const [key, range] of Object.entries(TEMPLATE_RANGES)) {
		const err = checkRange(key, body[key], range);
		if (err) return err;
	}
	if (!Array.isArray(body.step_blocks) || body.step_blocks.length === 0)
		return 'step_blocks must be a non-empty array';
	if (body.step_blocks.length > 100) return 'too many step_blocks (max 100)';
	for (const [b, block] of body.step_blocks.entries()) {
		const bp = `step_blocks[${b}]`;
		if (!isObj(block)) return `${bp} must be an object`;
		const err = checkCompletion(`${bp}.completion_condition`, block.completion_condition);
		if (err) return err;
		if (!Array.isArray(block.steps) || block.steps.length === 0)
			return `${bp}.steps must be a non-empty array`;
		for (const [s, step] of block.steps.entries()) {
			const sp = `${bp}.steps[${s}]`;
			if (!isObj(step)) return `${sp} must be an object`;
			const cerr = checkCompletion(`${sp}.completion_condition`, step.completion_condition);
			if (cerr) return cerr;
			if (typeof step.intensity_type !== 'string' || !INTENSITIES.includes(step.intensity_type))
				return `${sp}.intensity_type must be one of ${INTENSITIES.join(', ')}`;
			if (step.intensity_targets !== undefined && step.intensity_targets !== null) {
				if (!Array.isArray(step.intensity_targets))
					return `${sp}.intensity_targets must be an array`;
				for (const [t, target] of step.intensity_targets.entries()) {
					const tp = `${sp}.intensity_targets[${t}]`;
					if (
						!isObj(target) ||
						typeof target.target_type !== 'string' ||
						!TARGET_TYPES.includes(target.target_type)
					)
						return `${tp}.target_type must be one of ${TARGET_TYPES.join(', ')}`;
					const terr = checkBounds(tp, target, TARGET_RANGES[target.target_type]);
					if (terr) return terr;
				}
			}
			if (step.controls !== undefined && step.controls !== null) {
				if (!Array.isArray(step.controls)) return `${sp}.controls must be an array`;
				for (const [c, control] of step.controls.entries()) {
					if (
						!isObj(control) ||
						!CONTROL_TYPES.includes(String(control.type)) ||
						!isNum(control.value)
					)
						return `${sp}.controls[${c}] must be {type: grade|resistance, value: number}`;
				}
			}
		}
	}
	return undefined;
}

export interface PlannedRecord {
	planned_workout_id: string;
	workout_id: string;
	user_id: string;
	planned_date: string;
	provider_workout_id?: string;
	coercion_warnings?: string;
	created_at: string;
	last_updated_at: string;
	athlete_metrics: Record<string, number>;
}

/** Providers that accept planned workouts (Terra's Planned Workouts provider-compatibility page); others reject the push with 424. */
export const PLANNED_WORKOUT_PROVIDERS = [
	'GARMIN',
	'COROS',
	'WAHOO',
	'SUUNTO',
	'TRAININGPEAKS',
	'HUAWEI',
	'ZEPP',
	'HEVY',
	'APPLE',
];
/** SDK-delivered plans have no provider-side id. */
export const SDK_PLAN_PROVIDERS = ['APPLE'];
/** Sports a provider cannot represent exactly get a coercion warning (emulator's choice of pairs). */
export const COERCED_SPORTS: Record<string, string[]> = {
	GARMIN: ['pilates', 'backcountry_skiing'],
	COROS: ['yoga', 'pilates', 'rowing', 'elliptical', 'stair_climbing'],
	WAHOO: ['yoga', 'pilates', 'strength', 'swimming'],
};

export class WorkoutStore {
	readonly templates = new Map<string, Record<string, unknown>>();
	readonly planned = new Map<string, PlannedRecord>();
	private nextWorkoutId = 1024;
	private nextPlannedId = 2048;

	addTemplate(body: Record<string, unknown>): string {
		const id = String(this.nextWorkoutId++);
		this.templates.set(id, { ...body, workout_id: id });
		return id;
	}

	plan(record: Omit<PlannedRecord, 'planned_workout_id'>): PlannedRecord {
		const full = { ...record, planned_workout_id: String(this.nextPlannedId++) };
		this.planned.set(full.planned_workout_id, full);
		return full;
	}

	plannedFor(workoutId: string): PlannedRecord[] {
		return [...this.planned.values()].filter((p) => p.workout_id === workoutId);
	}

	deleteTemplate(id: string): void {
		this.templates.delete(id);
		for (const p of this.plannedFor(id)) this.planned.delete(p.planned_workout_id);
	}
}

/** PlannedWorkoutSummary (GET/PATCH /plannedWorkouts/{id}). */
export function plannedSummary(p: PlannedRecord): Record<string, unknown> {
	const out: Record<string, unknown> = {
		planned_workout_id: p.planned_workout_id,
		planned_date: p.planned_date,
		is_external: false,
		workout_id: p.workout_id,
	};
	if (p.provider_workout_id) out.provider_workout_id = p.provider_workout_id;
	if (p.coercion_warnings) out.coercion_warnings = p.coercion_warnings;
	return out;
}

/** PlannedWorkout list item (GET /plannedWorkouts) for a Terra-created plan. */
export function plannedListItem(p: PlannedRecord): Record<string, unknown> {
	return {
		planned_workout_id: p.planned_workout_id,
		workout_id: p.workout_id,
		planned_date: p.planned_date,
		provider_workout_id: p.provider_workout_id ?? null,
		coercion_warnings: p.coercion_warnings ?? null,
		created_at: p.created_at,
		last_updated_at: p.last_updated_at,
		is_external: false,
		athlete_metrics: Object.keys(p.athlete_metrics).length ? p.athlete_metrics : null,
		details: null,
	};
}
