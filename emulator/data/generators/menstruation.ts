import { DAY_MS, localMidnight, parseTerraDate, toIsoDate } from '../../util/time';
import { dayContext, type GenContext } from './common';

/**
 * Cycle-tracking data for users whose synthetic profile is female (others have none, like a real
 * account without cycle tracking). Phases follow a fixed cycle anchored per user.
 */
export function generateMenstruation(
	ctx: GenContext,
	day: string,
	options: { anySex?: boolean } = {},
): Record<string, unknown>[] {
	const c = dayContext(ctx, 'menstruation', day);
	const { profile } = c;
	if (profile.sex !== 'female' && !options.anySex) return [];
	const dayMs = parseTerraDate(day) as number;
	const len = profile.cycleLengthDays;
	const sinceAnchor = Math.floor((dayMs - profile.cycleAnchorMs) / DAY_MS);
	const dayInCycle = (((sinceAnchor % len) + len) % len) + 1;
	const periodStart = dayMs - (dayInCycle - 1) * DAY_MS;
	const ovulation = periodStart + (len - 14) * DAY_MS;
	const phases: Array<{ phase: number; from: number; to: number }> = [
		{ phase: 1, from: 1, to: profile.periodLengthDays },
		{ phase: 2, from: profile.periodLengthDays + 1, to: len - 19 },
		{ phase: 3, from: len - 18, to: len - 15 },
		{ phase: 4, from: len - 14, to: len - 14 },
		{ phase: 5, from: len - 13, to: len },
	];
	const current = phases.find((p) => dayInCycle >= p.from && dayInCycle <= p.to) ?? phases[4];
	const start = localMidnight(day, profile.tzOffsetMinutes);
	const inPeriod = current.phase === 1;
	return [
		{
			metadata: {
				start_time: c.ts(start),
				end_time: c.ts(start + DAY_MS),
				timestamp_localization: 0,
			},
			menstruation_data: {
				period_start_date: toIsoDate(periodStart),
				period_length_days: profile.periodLengthDays,
				cycle_length_days: len,
				predicted_cycle_length_days: len,
				day_in_cycle: dayInCycle,
				current_phase: current.phase,
				length_of_current_phase_days: current.to - current.from + 1,
				days_until_next_phase: current.to - dayInCycle + 1,
				is_predicted_cycle: dayMs > Date.UTC(2026, 11, 31),
				ovulation_day: toIsoDate(ovulation),
				fertility_window_start: toIsoDate(ovulation - 5 * DAY_MS),
				fertility_window_end: toIsoDate(ovulation + DAY_MS),
				last_updated_time: c.ts(start + 9 * 3_600_000),
				menstruation_flow:
					ctx.withSamples && inPeriod
						? [
								{
									timestamp: c.ts(start + 8 * 3_600_000),
									flow: dayInCycle <= 2 ? 4 : c.sampleRng.pick([2, 3]),
								},
							]
						: [],
				intervals: ctx.withSamples
					? phases.map((p) => ({
							phase: p.phase,
							start_timestamp: c.ts(
								localMidnight(
									toIsoDate(periodStart + (p.from - 1) * DAY_MS),
									profile.tzOffsetMinutes,
								),
							),
							end_timestamp: c.ts(
								localMidnight(toIsoDate(periodStart + p.to * DAY_MS), profile.tzOffsetMinutes),
							),
						}))
					: [],
			},
		},
	];
}
