/** The benchmark's data model: what a scenario declares, what its runs measure, and the rows of the final table. */
import type { N8nWorkflow } from '../../examples/lib/builder';
import type { Stack } from '../lib/stack';
import type { NodeFeatures } from './features';

export type Json = Record<string, unknown>;

/** A workflow contender: one `n8n execute` per measured run. */
export interface Contender {
	key: string;
	label: string;
	/** An n8n workflow, run with `n8n execute --id`. */
	workflowId?: string;
	/** Or no n8n at all: the same GET with fetch and JSON.parse from this process, to show what the emulator costs. */
	direct?: { path: string; query: Record<string, string> };
	/**
	 * How the measured node's output holds the records: one item per record (`items`), one item with Terra's answer
	 * (`data`), one item per request with its answer (`responses`), or one small item per record whose shape differs
	 * from Terra's (`count`: only the number is compared), or the backfills' one Aggregate item whose parallel arrays
	 * (start, end, avg_hr) are one entry per record (`fingerprint`).
	 */
	output: 'items' | 'data' | 'responses' | 'count' | 'fingerprint';
	/** Requests one call must send (the windows of a split range). */
	requestsPerCall: number;
	/** The measured node, when not every node after Start is measured (the backfill parents). */
	measuredNode?: string;
}

/** The rules a set of workflow contenders is held to (rounds.ts, measure.ts). */
export interface ContenderSet {
	id: string;
	title: string;
	/** The contender's node runs this many times in one `n8n execute` (call 1 is the process's first). */
	calls: number;
	/** Records every call must output; undefined: any number above zero, as long as all contenders agree. */
	expectedRecords?: number;
	/** Every request of every contender must carry the same query (the same request, apples to apples). */
	sameQuery?: boolean;
	/** No request may cover more days than this (Terra's rule r1: 1,825). */
	maxDaysPerRequest?: number;
	contenders: Contender[];
}

export interface Sample {
	set: string;
	contender: string;
	round: number;
	/** 1-based position of this call in its `n8n execute` process. */
	call: number;
	node: string;
	/** The node's executionTime; for the direct fetch, its duration. */
	executionTimeMs: number;
	/** The whole `n8n execute`; null for the direct fetch. */
	wallMs: number | null;
	/** Peak resident memory of the `n8n execute` process (its own VmHWM), in bytes; null when not known. */
	peakRssBytes: number | null;
	records: number;
	requests: number;
}

/** A target as the issue states it: the ratio ours / alternative must be at most (or at least) `value`. */
export interface Target {
	op: '<=' | '>=';
	value: number;
}

export type RowStatus = 'pass' | 'fail' | 'skipped' | 'context';

/** One line of the final table. */
export interface ResultRow {
	/** P1 … P5, Memory. */
	group: string;
	/** Short id, e.g. `P2 trigger 200 KB`. */
	id: string;
	/** What is compared, in words. */
	scenario: string;
	ours: string;
	alternative: string;
	/** ours / alternative in the row's unit (for rates: ours rate / their rate). */
	ratio: number | null;
	target: Target | null;
	status: RowStatus;
	/** Why it was skipped, or what to read into it. */
	note?: string;
	/** Machine-readable values (results.json). */
	values?: Json;
}

/** What a scenario run gives back. */
export interface ScenarioResult {
	rows: ResultRow[];
	/** Functional failures: runs that failed or disagreed. Any of them fails the benchmark. */
	failures: string[];
	samples?: Sample[];
	/** Anything else worth keeping in results.json. */
	details?: Json;
}

export interface BenchContext {
	stack: Stack;
	quick: boolean;
	/** Measured rounds of workflow contenders (after one warm-up round, which quick mode skips). */
	rounds: number;
	features: NodeFeatures;
	/** Directory for the peak-RSS reports of n8n processes (rss-hook.js). */
	rssDir: string;
	/** --engines= and --sizes= (P2): the subsets to run; undefined means all. */
	only: { engines?: string[]; sizes?: string[] };
	log(line: string): void;
}

export interface Scenario {
	id: string;
	title: string;
	/** Row groups this scenario fills (for --scenario=P2 and the like). */
	groups: string[];
	/** Workflows to import before n8n starts (their HTTP Request nodes need the emulator's URL). */
	workflows(apiBaseUrl: string, features: NodeFeatures, quick: boolean): N8nWorkflow[];
	/** Workflows to publish, and production webhook paths to wait for (the trigger scenario). */
	publish?: string[];
	webhookPaths?: string[];
	/** Runs in this process without n8n (P3). */
	inProcess?: boolean;
	run(context: BenchContext): Promise<ScenarioResult>;
}
