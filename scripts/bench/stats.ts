/** Statistics over measured samples (nearest-rank quantiles, medians) and the pass/fail of a ratio against its target. */
import type { ResultRow, RowStatus, Target } from './model';

export function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (!sorted.length) return NaN;
	// Nearest rank: with 7 samples p90 is the 7th (the largest), the median the 4th.
	const rank = Math.max(1, Math.ceil(q * sorted.length));
	return sorted[rank - 1];
}

export function median(values: number[]): number {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function meetsTarget(ratio: number | null, target: Target | null): RowStatus {
	if (target === null) return 'context';
	if (ratio === null || !Number.isFinite(ratio)) return 'fail';
	return (target.op === '<=' ? ratio <= target.value : ratio >= target.value) ? 'pass' : 'fail';
}

/** A table row comparing two measured values: the ratio, and whether it meets the target. */
export function comparisonRow(
	row: Omit<ResultRow, 'ratio' | 'status'>,
	ours: number | null,
	alternative: number | null,
	failed = false,
): ResultRow {
	const ratio = ours !== null && alternative !== null && alternative > 0 && Number.isFinite(ours) ? ours / alternative : null;
	const status = failed ? 'fail' : meetsTarget(ratio, row.target);
	return { ...row, ratio, status };
}

export function skippedRow(row: Omit<ResultRow, 'ratio' | 'status' | 'ours' | 'alternative'>, note: string): ResultRow {
	return { ...row, ours: '–', alternative: '–', ratio: null, status: 'skipped', note };
}
