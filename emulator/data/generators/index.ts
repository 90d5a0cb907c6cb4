import type { GenContext } from './common';
import { generateActivities } from './activity';
import { generateAthlete } from './athlete';
import { generateBody } from './body';
import { generateDaily } from './daily';
import { generateMenstruation } from './menstruation';
import { generateNutrition } from './nutrition';
import { generateSleep } from './sleep';
import { generateLegacyPlannedWorkouts } from './plannedWorkout';

export type { GenContext } from './common';
export { generateAthlete } from './athlete';
export { generateHormones } from './hormone';
export { generateExternalPlannedWorkouts, generateLegacyPlannedWorkouts } from './plannedWorkout';

/** A dated data type: records for one calendar day. */
export type DayGenerator = (ctx: GenContext, day: string) => Record<string, unknown>[];

/**
 * The uniform data GETs, defined once. `dated: false` is /athlete (no dates, object payload).
 * `legacyOnly` marks /plannedWorkout (dropped from the current spec on 2026-06-13, still served on both surfaces).
 */
export interface DataTypeDef {
	/** Terra data type name: the response/webhook `type`. */
	type: string;
	path: string;
	dated: boolean;
	samples: boolean;
	generate: DayGenerator;
	legacyOnly?: boolean;
}

export const DATA_TYPES: readonly DataTypeDef[] = [
	{ type: 'activity', path: '/activity', dated: true, samples: true, generate: generateActivities },
	{
		type: 'athlete',
		path: '/athlete',
		dated: false,
		samples: false,
		generate: (ctx) => [generateAthlete(ctx)],
	},
	{ type: 'body', path: '/body', dated: true, samples: true, generate: generateBody },
	{ type: 'daily', path: '/daily', dated: true, samples: true, generate: generateDaily },
	{
		type: 'menstruation',
		path: '/menstruation',
		dated: true,
		samples: true,
		generate: generateMenstruation,
	},
	{
		type: 'nutrition',
		path: '/nutrition',
		dated: true,
		samples: true,
		generate: generateNutrition,
	},
	{ type: 'sleep', path: '/sleep', dated: true, samples: true, generate: generateSleep },
	{
		type: 'planned_workout',
		path: '/plannedWorkout',
		dated: true,
		samples: false,
		generate: generateLegacyPlannedWorkouts,
		legacyOnly: true,
	},
];

export function dataTypeByPath(path: string): DataTypeDef | undefined {
	return DATA_TYPES.find((d) => d.path === path);
}

export function dataTypeByName(type: string): DataTypeDef | undefined {
	return DATA_TYPES.find((d) => d.type === type);
}

/** All records of a dated type over calendar days. */
export function generateRange(
	def: DataTypeDef,
	ctx: GenContext,
	days: string[],
): Record<string, unknown>[] {
	const out: Record<string, unknown>[] = [];
	for (const day of days) out.push(...def.generate(ctx, day));
	return out;
}
