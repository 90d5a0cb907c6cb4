/**
 * A worker killed mid-run (SIGKILL of its process group, as when a container is OOM-killed) while deliveries keep
 * arriving. The webhook processor must keep acknowledging, the other worker must run the rest, and every
 * acknowledged delivery must end as exactly one execution with a final status. What n8n does with the executions
 * the dead worker held is reported: Bull's stall check (n8n sets maxStalledCount 0, so a stalled job fails and is
 * not retried), the status n8n gives them and who sets it, and whether the delivery's data is still stored.
 */
import assert from 'node:assert/strict';

import { waitFor, delay } from '../../../scripts/lib/processes';
import type { RespValue } from '../../../scripts/lib/redis';
import { sendDeliveries, deliveryPlan, seconds } from '../lib/deliveries';
import { countBy, executionsByTraceId, UNFINISHED, type StoredExecution } from '../lib/executions';
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

const isUnfinished = (execution: StoredExecution) => (UNFINISHED as readonly string[]).includes(execution.status);

/**
 * Trace ID → execution id, as seen while the executions are queued or running: n8n replaces the stored data of an
 * execution it fails, so the link is recorded before that can happen.
 */
function watchTraceIds(ctx: QueueContext, workflowIds: string[], afterId: number) {
	const seen = new Map<string, string>();
	let running = true;
	const loop = (async () => {
		while (running) {
			const byTrace = executionsByTraceId(await ctx.executions.load(workflowIds, afterId), TRIGGER_NODE);
			for (const [traceId, found] of byTrace) for (const execution of found) if (!seen.has(traceId)) seen.set(traceId, execution.id);
			await delay(300);
		}
	})();
	return {
		seen,
		stop: async () => {
			running = false;
			await loop;
		},
	};
}

export async function workerKillChecks(ctx: QueueContext): Promise<void> {
	const { suite, stack, executions, options } = ctx;
	const [victim, survivor] = stack.workers;
	const workflows = [QUEUE_WORKFLOW_IDS.slowTrigger];
	const before = await executions.lastId();
	const victimLogStart = readLog(victim).length;
	const survivorLogStart = readLog(survivor).length;
	const webhookLogStart = readLog(stack.webhookProcessor).length;
	const phase = (log: string, start: number) => activityIn(log.slice(start));
	const watcher = watchTraceIds(ctx, workflows, before);

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

	// Settled: every acknowledged delivery was seen in an execution, the survivor has nothing open, and the number of
	// unfinished executions (what only the dead worker had) stays the same for a while.
	let lastOpen = -1;
	let stableSince = Date.now();
	await suite.check(`${survivor.name} ran everything else`, async () => {
		await waitFor(
			'the surviving worker to go idle',
			async () => {
				const { open } = await executions.counts(workflows, before);
				const survivorActivity = phase(readLog(survivor), survivorLogStart);
				const survivorBusy = [...survivorActivity.started.keys()].some((id) => !survivorActivity.finished.has(id));
				const allSeen = acknowledged.every((delivery) => watcher.seen.has(delivery.traceId));
				if (open !== lastOpen || survivorBusy || !allSeen) {
					lastOpen = open;
					stableSince = Date.now();
					return undefined;
				}
				return Date.now() - stableSince > 6_000 ? true : undefined;
			},
			{ timeoutMs: 300_000, intervalMs: 500 },
		);
	});

	// Every job was taken by one worker: what the survivor did not start and the victim did not finish, the victim
	// held when it died (it may have taken jobs it had not logged yet). Bull may already have failed them by now.
	const victimActivity = phase(readLog(victim), victimLogStart);
	const survivorStarted = phase(readLog(survivor), survivorLogStart).started;
	const held = (await executions.load(workflows, before)).filter(
		(execution) => !survivorStarted.has(execution.id) && !victimActivity.finished.has(execution.id),
	);
	const heldIds = new Set(held.map((execution) => execution.id));
	await suite.check(`${held.length} executions were held by ${victim.name}: none finished, including every one its log shows running`, () => {
		const runningOnVictim = [...victimActivity.started.keys()].filter((id) => !victimActivity.finished.has(id));
		assert.ok(runningOnVictim.length >= HELD_AT_KILL, `${victim.name}’s log shows ${runningOnVictim.length} running`);
		assert.deepEqual(runningOnVictim.filter((id) => !heldIds.has(id)), [], `running on ${victim.name} but not held`);
		assert.deepEqual(held.filter((execution) => execution.status === 'success').map((execution) => execution.id), [], 'held executions that succeeded');
	});

	// Bull's stall check fails the jobs whose lock the dead worker no longer renews (n8n: maxStalledCount 0); the
	// process that enqueued them hears of it and gives the executions their final status. Main's queue recovery
	// (at its start, then every N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL minutes) is the fallback for executions no
	// process is waiting on; it is triggered here only if the first path did not finish them.
	let finalAt: number | undefined;
	let finalizedBy = 'the process that enqueued them';
	await suite.check('every held execution got a final status (no execution left running)', async () => {
		const finished = async () => ((await executions.counts(workflows, before)).open === 0 ? true : undefined);
		try {
			await waitFor('the held executions to leave new/running', finished, { timeoutMs: 150_000, intervalMs: 500 });
		} catch {
			finalizedBy = 'main’s queue recovery, after a restart of main';
			await stack.restartMain();
			await waitFor('the held executions to leave new/running after main restarted', finished, { timeoutMs: 120_000, intervalMs: 500 });
		}
		finalAt = Date.now();
	});

	const outcome: Record<string, number> = {};
	let stalledAt: number | undefined;
	const failedJobs = new Map<string, string>();
	await suite.check('Bull failed each held job in its stall check and did not retry it (maxStalledCount 0)', async () => {
		for (const jobId of asStrings(await stack.redis.command('ZRANGE', `${BULL}:failed`, '0', '-1'))) {
			const job = await bullJob(ctx, jobId);
			const executionId = String((JSON.parse(job?.data ?? '{}') as { executionId?: string }).executionId);
			if (!job || !heldIds.has(executionId)) continue;
			failedJobs.set(executionId, jobId);
			const reason = job.failedReason ?? 'no reason';
			outcome[reason] = (outcome[reason] ?? 0) + 1;
			stalledAt = Math.max(stalledAt ?? 0, Number(job.finishedOn));
		}
		assert.deepEqual([...heldIds].filter((id) => !failedJobs.has(id)), [], 'held executions without a failed Bull job');
	});

	const survivorActivity = phase(readLog(survivor), survivorLogStart);
	const rerun = [...heldIds].filter((executionId) => survivorActivity.started.has(executionId));
	await watcher.stop();
	const stored = await executions.load(workflows, before);
	const byId = new Map(stored.map((execution) => [execution.id, execution]));
	// When n8n gave them their final status (it stamps stoppedAt), rather than when this check looked.
	const heldStopped = stored.filter((execution) => heldIds.has(execution.id) && execution.stoppedAt).map((execution) => +execution.stoppedAt!);
	if (heldStopped.length) finalAt = Math.max(...heldStopped);
	const statusAfter = countBy(stored.filter((execution) => heldIds.has(execution.id)), (execution) => execution.status);
	const stillHoldData = executionsByTraceId(stored, TRIGGER_NODE);
	await suite.check(`every one of the ${sent.length} deliveries was acknowledged and became exactly one execution with a final status`, async () => {
		const logged = new Map((await stack.emulator.deliveries()).map((delivery) => [delivery.traceId, delivery.status]));
		assert.equal(acknowledged.length, sent.length, 'deliveries acknowledged while a worker died');
		assert.ok(acknowledged.every((delivery) => logged.get(delivery.traceId) === 200), 'the emulator’s log shows 200 for each');
		const problems: string[] = [];
		const perExecution = countBy([...watcher.seen.values()], (id) => id);
		for (const delivery of acknowledged) {
			const executionId = watcher.seen.get(delivery.traceId);
			const execution = executionId ? byId.get(executionId) : undefined;
			if (!execution) problems.push(`${delivery.traceId}: no execution`);
			else if (perExecution[execution.id] !== 1) problems.push(`#${execution.id} carries ${perExecution[execution.id]} deliveries`);
			else if (isUnfinished(execution)) problems.push(`#${execution.id} still ${execution.status}`);
			else if (!heldIds.has(execution.id) && execution.status !== 'success') problems.push(`#${execution.id} ${execution.status}`);
		}
		assert.deepEqual(problems.slice(0, 10), []);
		assert.equal(stored.length, acknowledged.length, 'executions of the slow trigger workflow');
	});

	// Lost: acknowledged (Terra will not send it again) and no execution holds its data any more.
	const lost = acknowledged.filter((delivery) => !stillHoldData.has(delivery.traceId)).length;
	suite.info(`${lost} of ${acknowledged.length} acknowledged deliveries lost: no execution holds their data (Acknowledge Terra: When Execution Is Stored)`);
	const heldKeepingData = [...heldIds].filter((id) => [...stillHoldData.values()].some((found) => found.some((e) => e.id === id))).length;
	const webhookLog = readLog(stack.webhookProcessor).slice(webhookLogStart);
	const failedByWebhookProcessor = [...heldIds].filter((id) => webhookLog.includes(`Problem with execution ${id}:`)).length;
	ctx.report.workerKill = {
		sent: sent.length,
		acknowledged: acknowledged.length,
		lost,
		held: heldIds.size,
		heldJobs: [...failedJobs.values()],
		rerunElsewhere: rerun.length,
		bullOutcome: outcome,
		stalledAfterMs: stalledAt ? stalledAt - killedAt : undefined,
		statusAfterRecovery: statusAfter,
		recoveredAfterMs: finalAt ? finalAt - killedAt : undefined,
		finishedByOtherWorker: stored.filter((execution) => survivorActivity.started.has(execution.id)).length,
		finalizedBy,
		heldKeepingDeliveryData: heldKeepingData,
		failedByWebhookProcessor,
	};
	suite.info(
		`${heldIds.size} executions held by the dead worker: Bull ${JSON.stringify(outcome)}` +
			(stalledAt ? ` ${seconds(stalledAt - killedAt)} after the kill` : '') +
			`; re-run on ${survivor.name}: ${rerun.length}; final status ${JSON.stringify(statusAfter)}` +
			(finalAt ? ` ${seconds(finalAt - killedAt)} after the kill` : '') +
			`, set by ${finalizedBy} (webhook processor logged the failure for ${failedByWebhookProcessor}); ` +
			`${heldKeepingData} of them still store the delivery’s data`,
	);
}
