/**
 * Rounds of workflow contenders: one warm-up round that is discarded (skipped with --quick), then the measured rounds,
 * with the contenders' order rotated every round so that none always runs first or right after another. Each run is
 * checked (measure.ts); a failed check is a functional failure of the set, and the round goes on.
 */
import { dim, red } from '../lib/terminal';
import { FunctionalFailure, measure, type Agreement } from './measure';
import type { BenchContext, ContenderSet, Sample } from './model';
import { median } from './stats';

/** Rotated contender order: round r starts with contender r mod k (for two contenders: they alternate). */
export function rotation<T>(items: T[], round: number): T[] {
	const shift = round % items.length;
	return [...items.slice(shift), ...items.slice(0, shift)];
}

export function ms(value: number): string {
	return Number.isFinite(value) ? `${Math.round(value)} ms` : '–';
}

export function seconds(value: number): string {
	return Number.isFinite(value) ? `${(value / 1000).toFixed(1)} s` : '–';
}

export function megabytes(bytes: number | null): string {
	return bytes === null || !Number.isFinite(bytes) ? '–' : `${Math.round(bytes / 2 ** 20)} MB`;
}

export interface RoundsResult {
	samples: Sample[];
	failures: string[];
	agreement: Agreement;
}

export async function runRounds(context: BenchContext, set: ContenderSet): Promise<RoundsResult> {
	const { log } = context;
	const first = context.quick ? 1 : 0;
	log(`  ${dim(`${context.quick ? 'no warm-up' : '1 warm-up round'}, then ${context.rounds}; order rotated every round`)}`);
	const agreement: Agreement = {};
	const samples: Sample[] = [];
	const failures: string[] = [];
	for (let round = first; round <= context.rounds; round++) {
		const parts: string[] = [];
		for (const contender of rotation(set.contenders, round)) {
			try {
				const got = await measure(context, set, contender, round, agreement);
				if (round > 0) samples.push(...got);
				const times = got.map((sample) => ms(sample.executionTimeMs)).join(' + ');
				const wall = got[0].wallMs === null ? '' : ` ${dim(`(wall ${seconds(got[0].wallMs)}, peak ${megabytes(got[0].peakRssBytes)})`)}`;
				parts.push(`${contender.key} ${times}${wall}`);
			} catch (error) {
				if (!(error instanceof FunctionalFailure)) throw error;
				failures.push(`${set.id} round ${round}: ${error.message}`);
				parts.push(red(`${contender.key} FAILED`));
			}
		}
		log(`  ${round === 0 ? 'warm-up ' : `run ${round}/${context.rounds}`.padEnd(8)}  ${parts.join('  ·  ')}`);
	}
	if (agreement.records !== undefined && failures.length === 0) {
		log(dim(`  every run of every contender output the same ${agreement.records} records (sha256 ${agreement.digest?.slice(0, 12)}…)`));
	}
	return { samples, failures, agreement };
}

/** The samples of one contender (and call). */
export function samplesOf(samples: Sample[], contender: string, call = 1): Sample[] {
	return samples.filter((sample) => sample.contender === contender && sample.call === call);
}

export function medianTime(samples: Sample[]): number {
	return median(samples.map((sample) => sample.executionTimeMs));
}

export function medianRss(samples: Sample[]): number | null {
	const known = samples.flatMap((sample) => (sample.peakRssBytes === null ? [] : [sample.peakRssBytes]));
	return known.length ? median(known) : null;
}
