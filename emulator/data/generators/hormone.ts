import { localMidnight } from '../../util/time';
import { dayContext, round, type GenContext } from './common';

/** Daily urine hormone test readings (webhook `hormone` events only; there is no GET endpoint). */
export function generateHormones(ctx: GenContext, day: string): Record<string, unknown>[] {
	const c = dayContext(ctx, 'hormone', day);
	const { rng, profile } = c;
	return [
		{
			timestamp: c.ts(
				localMidnight(day, profile.tzOffsetMinutes) + rng.int(6 * 60, 9 * 60) * 60_000,
			),
			lh_mIU_per_ml: round(rng.float(2, 25), 2),
			e3g_ng_per_ml: round(rng.float(30, 300), 1),
			pdg_ug_per_ml: round(rng.float(0.5, 12), 2),
			fsh_mIU_per_ml: round(rng.float(2, 12), 2),
			hcg_mIU_per_ml: null,
		},
	];
}
