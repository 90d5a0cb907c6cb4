/**
 * What the built Terra node offers, read from its description in dist/ (what n8n loads): the benchmark's workflows
 * follow the node's parameters, and a scenario whose feature is missing reports itself as skipped instead of
 * failing. Two facts matter:
 * - `allUsers`: data Get Many has Users → All Connected Users (`userScope: 'all'`), which P5 measures;
 * - `inclusiveEndDate`: End Date is the last day included (the node sends end_date = last day + 1), recognised by
 *   the Date Range presets that came with that rule; before it, End Date was exclusive like Terra's end_date.
 */
import path from 'node:path';

import type { INodeProperties, INodeType } from 'n8n-workflow';

import { REPO } from '../lib/runtime';

export interface NodeFeatures {
	allUsers: boolean;
	inclusiveEndDate: boolean;
}

export function nodeFeatures(): NodeFeatures {
	const file = path.join(REPO, 'dist', 'nodes', 'Terra', 'Terra.node.js');
	const { Terra } = require(file) as { Terra: new () => INodeType };
	const properties: INodeProperties[] = new Terra().description.properties;
	const userScope = properties.find((property) => property.name === 'userScope');
	const allUsers = Boolean(userScope?.options?.some((option) => 'value' in option && option.value === 'all'));
	return { allUsers, inclusiveEndDate: properties.some((property) => property.name === 'datePreset') };
}

const DAY_MS = 86_400_000;

/** The node's date parameters for the days [start, endExclusive), whichever End Date rule the node follows. */
export function dateRange(features: NodeFeatures, start: string, endExclusive: string): Record<string, string> {
	const end = features.inclusiveEndDate
		? new Date(Date.parse(`${endExclusive}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10)
		: endExclusive;
	return {
		...(features.inclusiveEndDate ? { datePreset: 'custom' } : {}),
		startDate: `${start}T00:00:00`,
		endDate: `${end}T00:00:00`,
	};
}
