import { DAY_MS, localMidnight } from '../../util/time';
import type { Rng } from '../../util/prng';
import { dayContext, round, type GenContext } from './common';

const MEALS = [
	{
		type: 1,
		hour: 8,
		names: ['Porridge with berries', 'Scrambled eggs on toast', 'Greek yoghurt and granola'],
	},
	{ type: 3, hour: 13, names: ['Chicken salad', 'Lentil soup', 'Turkey sandwich', 'Sushi box'] },
	{ type: 4, hour: 16, names: ['Apple and almonds', 'Protein bar', 'Banana'] },
	{
		type: 5,
		hour: 19,
		names: ['Salmon with rice', 'Pasta bolognese', 'Vegetable curry', 'Steak and potatoes'],
	},
];

function macros(rng: Rng, kcal: number): Record<string, number> {
	const protein = round((kcal * rng.float(0.15, 0.3)) / 4, 1);
	const fat = round((kcal * rng.float(0.25, 0.38)) / 9, 1);
	const carbs = round(Math.max(0, kcal - protein * 4 - fat * 9) / 4, 1);
	const fiber = round(carbs * rng.float(0.05, 0.12), 1);
	return {
		calories: round(kcal, 0),
		protein_g: protein,
		fat_g: fat,
		carbohydrates_g: carbs,
		fiber_g: fiber,
		sugar_g: round(carbs * rng.float(0.1, 0.35), 1),
		sodium_mg: rng.int(150, 1200),
		saturated_fat_g: round(fat * 0.3, 1),
		cholesterol_mg: rng.int(0, 200),
		net_carbohydrates_g: round(carbs - fiber, 1),
	};
}

/** One nutrition log per day: the meals eaten and the day's macro totals. */
export function generateNutrition(ctx: GenContext, day: string): Record<string, unknown>[] {
	const c = dayContext(ctx, 'nutrition', day);
	const { rng, profile } = c;
	const start = localMidnight(day, profile.tzOffsetMinutes);
	const meals = MEALS.filter((m) => m.type !== 4 || rng.bool(0.5)).map((m) => {
		const kcal = m.type === 4 ? rng.float(120, 280) : rng.float(350, 850);
		return {
			id: rng.uuid(),
			name: rng.pick(m.names),
			type: m.type,
			timestamp: c.ts(start + (m.hour * 60 + rng.int(-45, 45)) * 60_000),
			quantity: { amount: round(rng.float(150, 450), 0), unit: 1 },
			macros: macros(rng, kcal),
			micros: {
				calcium_mg: rng.int(20, 300),
				iron_mg: round(rng.float(0.5, 5), 1),
				potassium_mg: rng.int(100, 900),
				vitamin_C_mg: round(rng.float(0, 40), 1),
			},
		};
	});
	const sum = (key: string) =>
		round(
			meals.reduce((acc, m) => acc + (m.macros[key] ?? 0), 0),
			1,
		);
	const water = rng.int(1200, 3000);
	return [
		{
			metadata: {
				start_time: c.ts(start),
				end_time: c.ts(start + DAY_MS),
				timestamp_localization: 0,
			},
			summary: {
				macros: {
					calories: sum('calories'),
					protein_g: sum('protein_g'),
					fat_g: sum('fat_g'),
					carbohydrates_g: sum('carbohydrates_g'),
					fiber_g: sum('fiber_g'),
					sugar_g: sum('sugar_g'),
					sodium_mg: sum('sodium_mg'),
				},
				micros: { calcium_mg: rng.int(500, 1200), iron_mg: round(rng.float(8, 18), 1) },
				water_ml: water,
				drink_ml: water + rng.int(0, 500),
			},
			meals,
			drink_samples: ctx.withSamples
				? [1, 2, 3].map((i) => ({
						timestamp: c.ts(start + (8 + i * 4) * 3_600_000),
						drink_volume: c.sampleRng.int(200, 500),
						drink_unit: 8,
						drink_name: c.sampleRng.pick(['Water', 'Coffee', 'Tea']),
					}))
				: [],
		},
	];
}
