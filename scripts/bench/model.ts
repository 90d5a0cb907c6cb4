/** The benchmark's data model: what a scenario declares, and what its runs measure. */
import type { N8nWorkflow } from '../../examples/lib/builder';

export type Json = Record<string, unknown>;

export interface Contender {
	key: string;
	label: string;
	/** An n8n workflow, run with `n8n execute --id`. */
	workflowId?: string;
	/** Or no n8n at all: the same GET with fetch and JSON.parse from this process, to show what the emulator costs. */
	direct?: { path: string; query: Record<string, string> };
	/** Terra outputs one item per record; the HTTP Request node one item with Terra's whole answer (`data`). */
	output: 'items' | 'data';
	/** Requests one call must send (the windows of a split range). */
	requestsPerCall: number;
}

export interface Scenario {
	id: string;
	title: string;
	/** The contender the ratios divide by. */
	reference: string;
	/** The contender's node runs this many times in one `n8n execute` (call 1 is the process's first). */
	calls: number;
	/** Records every call must output; undefined: any number above zero, as long as all contenders agree. */
	expectedRecords?: number;
	/** Every request of every contender must carry the same query (the same request, apples to apples). */
	sameQuery?: boolean;
	notes: string[];
	contenders: Contender[];
	workflows(apiBaseUrl: string): N8nWorkflow[];
}

export interface Sample {
	scenario: string;
	contender: string;
	round: number;
	/** 1-based position of this call in its `n8n execute` process. */
	call: number;
	node: string;
	/** The node's executionTime; for the direct fetch, its duration. */
	executionTimeMs: number;
	/** The whole `n8n execute`; null for the direct fetch. */
	wallMs: number | null;
	records: number;
	requests: number;
}

export interface Row {
	scenario: string;
	contender: string;
	label: string;
	call: number;
	n: number;
	nodeMedianMs: number;
	nodeP90Ms: number;
	nodeMinMs: number;
	nodeMaxMs: number;
	wallMedianMs: number;
	/** Median node time over the reference contender's, same call. */
	ratio: number;
	reference: boolean;
	/** The fetch without n8n (no node, no process of its own). */
	direct: boolean;
}
