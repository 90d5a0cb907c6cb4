/** Statistics over the measured samples: nearest-rank quantiles, medians, and one table row per contender and call. */
import type { Row, Sample, Scenario } from './model';

export function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (!sorted.length) return NaN;
	// Nearest rank: with 7 samples p90 is the 7th (the largest), the median the 4th.
	const rank = Math.max(1, Math.ceil(q * sorted.length));
	return sorted[rank - 1];
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}


export function rowsFor(scenario: Scenario, samples: Sample[]): Row[] {
	const rows: Row[] = [];
	for (let call = 1; call <= scenario.calls; call++) {
		const of = (key: string) => samples.filter((sample) => sample.contender === key && sample.call === call);
		const referenceMedian = median(of(scenario.reference).map((sample) => sample.executionTimeMs));
		for (const contender of scenario.contenders) {
			const mine = of(contender.key);
			const times = mine.map((sample) => sample.executionTimeMs);
			rows.push({
				scenario: scenario.id,
				contender: contender.key,
				label: contender.label,
				call,
				n: mine.length,
				nodeMedianMs: median(times),
				nodeP90Ms: quantile(times, 0.9),
				nodeMinMs: Math.min(...times),
				nodeMaxMs: Math.max(...times),
				wallMedianMs: median(mine.flatMap((sample) => (sample.wallMs === null ? [] : [sample.wallMs]))),
				ratio: median(times) / referenceMedian,
				reference: contender.key === scenario.reference,
				direct: Boolean(contender.direct),
			});
		}
	}
	return rows;
}
