/**
 * P5: every connected user's sleep for one day (200 users), under the same latency model as P4. The Terra node in one
 * step (Users → All Connected Users, its default Parallel Users) against the n8n way without it: Terra User → Get Many,
 * then Sleep → Get Many once per item (n8n runs a node's items one after another). Both must ask Terra for every
 * user's day exactly once, all answered 200, and output the same records in the same order. Skipped while the node
 * has no All Connected Users (it comes with another branch).
 */
import { createHash } from 'node:crypto';

import type { NodeRun } from '../lib/n8n';
import { describeExit } from '../lib/processes';
import { executeFresh } from './execute';
import type { BenchContext, Json, ResultRow, ScenarioResult } from './model';
import { sizes } from './requests';
import { rotation, seconds } from './rounds';
import { comparisonRow, median, skippedRow } from './stats';

const ROW = {
	group: 'P5',
	id: 'P5 all users',
	target: { op: '<=' as const, value: 0.5 },
};

const CONTENDERS = [
	{ key: 'terra', workflowId: 'benchAllUsersTerra', nodes: ['Terra: Sleep → Get Many (all users)'] },
	{ key: 'perItem', workflowId: 'benchAllUsersPerItem', nodes: ['Terra: User → Get Many', 'Terra: Sleep → Get Many (per user)'] },
] as const;

async function connectUsers(context: BenchContext, wanted: number): Promise<number> {
	const { emulator } = context.stack;
	const have = (await emulator.users()).length;
	if (have < wanted) {
		const response = await fetch(`${emulator.url}/__emulator/users`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ count: wanted - have }),
		});
		if (!response.ok) throw new Error(`POST /__emulator/users: HTTP ${response.status} ${await response.text()}`);
	}
	return (await emulator.users()).length;
}

interface Run {
	ms: number;
	records: Json[];
	dataRequests: number;
	listRequests: number;
}

async function runOnce(context: BenchContext, contender: (typeof CONTENDERS)[number], users: number): Promise<Run> {
	const { stack } = context;
	const result = await executeFresh(context, contender.workflowId, { timeoutMs: 900_000, logLimit: 20_000, largeOutput: true });
	const run = result.run;
	if (result.code !== 0 || run?.status !== 'success') {
		throw new Error(`${contender.workflowId}: ${run?.data.resultData.error?.message ?? `n8n execute ${describeExit(result)}`}`);
	}
	const requests = await stack.emulator.requests();
	const bad = requests.filter((request) => request.status !== 200);
	if (bad.length) throw new Error(`${contender.workflowId}: ${bad.length} requests answered ${bad[0].status}`);
	const data = requests.filter((request) => request.path === '/sleep');
	const asked = new Set(data.map((request) => String(request.query.user_id)));
	if (data.length !== users || asked.size !== users) throw new Error(`${contender.workflowId}: ${data.length} sleep requests for ${asked.size} users, expected ${users}`);
	const runs = contender.nodes.map((name) => run.data.resultData.runData[name]?.[0] as NodeRun | undefined);
	if (runs.some((nodeRun) => typeof nodeRun?.executionTime !== 'number')) throw new Error(`${contender.workflowId}: a measured node did not run`);
	const last = runs[runs.length - 1]!;
	return {
		ms: runs.reduce((sum, nodeRun) => sum + (nodeRun?.executionTime ?? 0), 0),
		records: (last.data?.main?.[0] ?? []).map((item) => item.json),
		dataRequests: data.length,
		listRequests: requests.length - data.length,
	};
}

export async function runAllUsersScenario(context: BenchContext): Promise<ScenarioResult> {
	const { users, day } = sizes(context.quick).allUsers;
	const scenario = `${users} connected users × one day of sleep: the Terra node in one step (All Connected Users) vs User → Get Many → Sleep → Get Many per item`;
	if (!context.features.allUsers) {
		context.log('  skipped: All Connected Users not available in this build of the node');
		return { rows: [skippedRow({ ...ROW, scenario }, 'skipped: All Connected Users not available')], failures: [] };
	}
	const { latency } = sizes(context.quick);
	const failures: string[] = [];
	const times = { terra: [] as number[], perItem: [] as number[] };
	const requests = { terra: '', perItem: '' };
	let digest: string | undefined;
	await context.stack.emulator.setLatency(latency);
	try {
		const connected = await connectUsers(context, users);
		if (connected !== users) throw new Error(`the emulator has ${connected} users, the scenario needs ${users}`);
		context.log(`  ${users} users, sleep for ${day}; emulator latency ${latency.perRequestMs} ms per request + ${latency.perDayMs} ms per day`);
		const rounds = context.quick ? 1 : Math.min(context.rounds, 3);
		for (let round = context.quick ? 1 : 0; round <= rounds; round++) {
			const parts: string[] = [];
			for (const contender of rotation([...CONTENDERS], round)) {
				try {
					const run = await runOnce(context, contender, users);
					const hash = createHash('sha256').update(JSON.stringify(run.records)).digest('hex');
					digest ??= hash;
					if (hash !== digest) throw new Error(`${contender.workflowId}: its ${run.records.length} records differ from the other contender's`);
					if (round > 0) times[contender.key].push(run.ms);
					requests[contender.key] = `${run.dataRequests} + ${run.listRequests} listing`;
					parts.push(`${contender.key} ${seconds(run.ms)} (${run.records.length} records, ${requests[contender.key]} requests)`);
				} catch (error) {
					failures.push(`P5 round ${round}: ${(error as Error).message}`);
					parts.push(`${contender.key} FAILED`);
				}
			}
			context.log(`  ${round === 0 ? 'warm-up ' : `run ${round}/${rounds}`.padEnd(8)}  ${parts.join('  ·  ')}`);
		}
	} catch (error) {
		failures.push(`P5: ${(error as Error).message}`);
	} finally {
		await context.stack.emulator.setLatency({ perRequestMs: 0, perDayMs: 0 });
	}
	const ours = times.terra.length ? median(times.terra) : null;
	const theirs = times.perItem.length ? median(times.perItem) : null;
	const row: ResultRow = comparisonRow(
		{
			...ROW,
			scenario,
			ours: `${seconds(ours ?? NaN)}, ${requests.terra} requests`,
			alternative: `${seconds(theirs ?? NaN)}, ${requests.perItem} requests`,
			values: { times, users, day },
		},
		ours,
		theirs,
		failures.length > 0,
	);
	return { rows: [row], failures };
}
