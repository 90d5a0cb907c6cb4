/**
 * A worker killed mid-run (SIGKILL of its process group, as when a container is OOM-killed) while deliveries keep
 * arriving: the webhook processor keeps acknowledging, the other worker keeps running, and no acknowledged delivery
 * may be lost (each ends as an execution in Postgres that holds its data). What n8n does with the executions the
 * dead worker held is reported: Bull's stall check (n8n sets maxStalledCount 0, so a stalled job is failed, not
 * retried), and main's queue recovery, which runs when main starts (and every
 * N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL minutes, 180 by default), so the check restarts main.
 */
import assert from 'node:assert/strict';

import { waitFor } from '../../../scripts/lib/processes';
import type { RespValue } from '../../../scripts/lib/redis';
import { sendDeliveries, deliveryPlan, seconds } from '../lib/deliveries';
import { countBy, executionsByTraceId, UNFINISHED } from '../lib/executions';
import { activityIn, readLog } from '../lib/processLogs';
import { QUEUE_TRIGGER_IDS, QUEUE_WORKFLOW_IDS } from '../workflows/generate';
import type { QueueContext } from './context';
import { TRIGGER_NODE } from './deliveries';

const BULL = 'bull:jobs';
/** The dead worker must hold at least this many executions when it is killed. */
const HELD_AT_KILL = 3;

function asStrings(value: RespValue): string[] {
	return Array.isArray(value) ? value.map(String) : [];
}

async function bullJob(ctx: QueueContext, jobId: string): Promise<Record<string, string> | undefined> {
	const flat = asStrings(await ctx.stack.redis.command('HGETALL', `${BULL}:${jobId}`));
	if (flat.length === 0) return undefined;
	const job: Record<string, string> = {};
	for (let index = 0; index < flat.length; index += 2) job[flat[index]] = flat[index + 1];
	return job;
}

export async function workerKillChecks(ctx: QueueContext): Promise<void> {
	const { suite, stack, executions, options } = ctx;
	const [victim, survivor] = stack.workers;
	const workflows = [QUEUE_WORKFLOW_IDS.slowTrigger];
	const before = await executions.lastId();
	const victimLogStart = readLog(victim).length;
	const survivorLogStart = readLog(survivor).length;
	const phase = (log: string, start: number) => activityIn(log.slice(start));

	const sending = sendDeliveries(
		stack.emulator,
		stack.triggerUrl(QUEUE_TRIGGER_IDS.slow),
		deliveryPlan(options.killDeliveries, 0, ctx.userIds),
		options.concurrency,
	);
	sending.catch(() => undefined);
	const killedAt = await suite.setup(`SIGKILL ${victim.name}’s process group while it holds ≥ ${HELD_AT_KILL} executions and deliveries keep coming`, async () => {
		const open = await waitFor(
			`${victim.name} to hold ${HELD_AT_KILL} executions`,
			async () => {
				const activity = phase(readLog(victim), victimLogStart);
				const running = [...activity.started.keys()].filter((id) => !activity.finished.has(id));
				return running.length >= HELD_AT_KILL ? running : undefined;
			},
			{ timeoutMs: 180_000, intervalMs: 100 },
		);
		victim.signal('SIGKILL');
		await victim.exited;
		suite.info(`killed with ${open.length} executions running on it (its log)`);
		return Date.now();
	});
	const sent = await sending;
	const acknowledged = sent.filter((delivery) => delivery.status === 200);

	// Settled: every acknowledged delivery has its execution, the survivor has nothing open, and the number of
	// unfinished executions (what only the dead worker had) stays the same for a while.
	let lastOpen = -1;
	let stableSince = Date.now();
	await suite.check(`${survivor.name} finished everything else`, async () => {
		await waitFor(
			'the surviving worker to go idle',
			async () => {
				const { total, open } = await executions.counts(workflows, before);
				const survivorActivity = phase(readLog(survivor), survivorLogStart);
				const survivorBusy = [...survivorActivity.started.keys()].some((id) => !survivorActivity.finished.has(id));
				if (open !== lastOpen || survivorBusy || total < acknowledged.length) {
					lastOpen = open;
					stableSince = Date.now();
					return undefined;
				}
				return Date.now() - stableSince > 6_000 ? true : undefined;
			},
			{ timeoutMs: 300_000, intervalMs: 500 },
		);
	});

	// What only the dead worker had: read from Postgres, which Bull's stall handling does not touch.
	const stuck = (await executions.load(workflows, before)).filter((execution) => (UNFINISHED as readonly string[]).includes(execution.status));
	const heldIds = new Set(stuck.map((execution) => execution.id));
	await suite.check(`what was left unfinished is what ${victim.name} held (its log), nothing ${survivor.name} started`, () => {
		assert.ok(stuck.length > 0, 'the killed worker held executions');
		const victimActivity = phase(readLog(victim), victimLogStart);
		const runningOnVictim = [...victimActivity.started.keys()].filter((id) => !victimActivity.finished.has(id));
		assert.deepEqual(runningOnVictim.filter((id) => !heldIds.has(id)), [], `${victim.name}’s unfinished executions that are not unfinished in Postgres`);
		const survivorStarted = phase(readLog(survivor), survivorLogStart).started;
		assert.deepEqual([...heldIds].filter((id) => survivorStarted.has(id)), [], `unfinished executions ${survivor.name} started`);
	});

	// Bull's stall check fails (maxStalledCount 0) the jobs whose lock the dead worker no longer renews;
	// N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED keeps them in Redis to be read here.
	let stalledAt: number | undefined;
	const outcome: Record<string, number> = {};
	const heldJobs = new Map<string, string>();
	await suite.check('Bull’s stall check failed each held job (n8n sets maxStalledCount 0: no retry)', async () => {
		await waitFor(
			'the held executions’ jobs to be failed by Bull’s stall check',
			async () => {
				for (const jobId of asStrings(await stack.redis.command('ZRANGE', `${BULL}:failed`, '0', '-1'))) {
					if (heldJobs.has(jobId)) continue;
					const executionId = String((JSON.parse((await bullJob(ctx, jobId))?.data ?? '{}') as { executionId?: string }).executionId);
					if (heldIds.has(executionId)) heldJobs.set(jobId, executionId);
				}
				return heldJobs.size === heldIds.size ? true : undefined;
			},
			{ timeoutMs: 180_000, intervalMs: 1_000 },
		);
		for (const jobId of heldJobs.keys()) {
			const job = await bullJob(ctx, jobId);
			const what = job ? (job.failedReason ?? (job.finishedOn ? 'completed' : 'waiting again')) : 'removed from Redis';
			outcome[what] = (outcome[what] ?? 0) + 1;
			if (job?.finishedOn) stalledAt = Math.max(stalledAt ?? 0, Number(job.finishedOn));
		}
	});

	const survivorActivity = phase(readLog(survivor), survivorLogStart);
	const rerun = [...heldJobs.values()].filter((executionId) => survivorActivity.started.has(executionId));
	const restartedAt = Date.now();
	await suite.setup('main restarted (n8n’s queue recovery runs when main starts)', () => stack.restartMain());
	let recoveredAt: number | undefined;
	await suite.check('main’s queue recovery gave every held execution a final status', async () => {
		await waitFor(
			'the held executions to leave new/running',
			async () => ((await executions.counts(workflows, before)).open === 0 ? true : undefined),
			{ timeoutMs: 120_000, intervalMs: 500 },
		);
		recoveredAt = Date.now();
	});

	const stored = await executions.load(workflows, before);
	const byTrace = executionsByTraceId(stored, TRIGGER_NODE);
	const statusAfterRecovery = countBy(stored.filter((execution) => heldIds.has(execution.id)), (execution) => execution.status);
	let lost = 0;
	await suite.check(`no acknowledged delivery was lost: each of the ${acknowledged.length} has one execution holding its data`, async () => {
		const logged = new Map((await stack.emulator.deliveries()).map((delivery) => [delivery.traceId, delivery.status]));
		assert.equal(acknowledged.length, sent.length, 'every delivery was acknowledged while a worker died');
		assert.ok(acknowledged.every((delivery) => logged.get(delivery.traceId) === 200), 'the emulator’s log shows 200 for each');
		const problems: string[] = [];
		for (const delivery of acknowledged) {
			const found = byTrace.get(delivery.traceId) ?? [];
			if (found.length === 0) lost++;
			if (found.length !== 1) problems.push(`${delivery.traceId}: ${found.length} executions`);
			else if (!heldIds.has(found[0].id) && found[0].status !== 'success') problems.push(`#${found[0].id} ${found[0].status}`);
		}
		assert.deepEqual(problems.slice(0, 10), []);
	});

	const finishedByOtherWorker = stored.filter((execution) => survivorActivity.started.has(execution.id)).length;
	ctx.report.workerKill = {
		sent: sent.length,
		acknowledged: acknowledged.length,
		lost,
		held: heldIds.size,
		heldJobs: [...heldJobs.keys()],
		rerunElsewhere: rerun.length,
		bullOutcome: outcome,
		stalledAfterMs: stalledAt ? stalledAt - killedAt : undefined,
		statusAfterRecovery,
		recoveredAfterMs: recoveredAt ? recoveredAt - killedAt : undefined,
		finishedByOtherWorker,
	};
	suite.info(
		`${heldIds.size} executions held by the dead worker; Bull: ${JSON.stringify(outcome)}` +
			(stalledAt ? ` ${seconds(stalledAt - killedAt)} after the kill` : '') +
			`; re-run on ${survivor.name}: ${rerun.length}; after main’s restart (${seconds((recoveredAt ?? restartedAt) - restartedAt)} after it began): ` +
			`${JSON.stringify(statusAfterRecovery)}; ${finishedByOtherWorker} executions finished on ${survivor.name}`,
	);
}
