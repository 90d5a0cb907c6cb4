/**
 * A worker killed mid-run with Acknowledge Terra "When Workflow Finishes" (typeVersion 2): n8n answers a delivery only
 * once its workflow finished successfully, so the deliveries the dead worker held get no 2xx, the emulator's sender
 * sends them again as Terra does (8 s per attempt, then a retry), and each runs again on the other worker, to success,
 * exactly once. "Lost" counts deliveries the sender saw acknowledged whose data no successful execution holds.
 */
import assert from 'node:assert/strict';

import type { DeliveryAttemptJson } from '../../../scripts/lib/emulatorProcess';
import { delay, waitFor } from '../../../scripts/lib/processes';
import { GENUINE_TYPES, pool, seconds, TERRA_ATTEMPT_TIMEOUT_MS } from '../lib/deliveries';
import { executionsByTraceId, UNFINISHED } from '../lib/executions';
import { activityIn, readLog } from '../lib/processLogs';
import { QUEUE_TRIGGER_IDS, QUEUE_WORKFLOW_IDS } from '../workflows/generate';
import type { QueueContext } from './context';
import { TRIGGER_NODE } from './deliveries';

/** The dead worker must hold at least this many executions when it is killed. */
const HELD_AT_KILL = 5;
/** Terra retries for hours; this many attempts, RETRY_DELAY_MS apart, cover n8n's stall check (~30 s) and the re-run. */
const MAX_ATTEMPTS = 12;
const RETRY_DELAY_MS = 2_000;

interface Sent {
	traceId: string;
	attempts: DeliveryAttemptJson[];
}

export async function workerKillFinishedChecks(ctx: QueueContext): Promise<void> {
	const { suite, stack, executions, options } = ctx;
	const workflows = [QUEUE_WORKFLOW_IDS.slowTriggerFinished];
	await suite.setup('worker1 started again (the previous check killed it)', async () => {
		await stack.restartWorker(0);
	});
	const [victim, survivor] = stack.workers;
	const before = await executions.lastId();
	const victimLogStart = readLog(victim).length;
	const survivorLogStart = readLog(survivor).length;

	// Execution id → trace ID, recorded while they run: n8n replaces a failed execution's data with the error.
	const traceOf = new Map<string, string>();
	let watching = true;
	const watcher = (async () => {
		while (watching) {
			for (const [traceId, found] of executionsByTraceId(await executions.load(workflows, before), TRIGGER_NODE)) {
				for (const execution of found) traceOf.set(execution.id, traceId);
			}
			await delay(300);
		}
	})();

	const url = stack.triggerUrl(QUEUE_TRIGGER_IDS.slowFinished);
	const sending = pool(
		Array.from({ length: options.killDeliveries }, (_, index) => async (): Promise<Sent> => {
			const traceId = `finished-kill-${index}-${Date.now()}`;
			const attempts = await stack.emulator.deliverRetrying({
				url,
				type: GENUINE_TYPES[index % GENUINE_TYPES.length],
				user_id: ctx.userIds[index % ctx.userIds.length],
				traceId,
				timeoutMs: TERRA_ATTEMPT_TIMEOUT_MS,
				maxAttempts: MAX_ATTEMPTS,
				retryDelayMs: RETRY_DELAY_MS,
			});
			return { traceId, attempts };
		}),
		options.concurrency,
	);
	sending.catch(() => undefined);

	const held = await suite.setup(`SIGKILL ${victim.name}’s process group while it holds ≥ ${HELD_AT_KILL} executions`, async () => {
		const running = await waitFor(
			`${victim.name} to hold ${HELD_AT_KILL} executions`,
			async () => {
				const activity = activityIn(readLog(victim).slice(victimLogStart));
				const open = [...activity.started.keys()].filter((id) => !activity.finished.has(id));
				return open.length >= HELD_AT_KILL ? open : undefined;
			},
			{ timeoutMs: 180_000, intervalMs: 100 },
		);
		victim.signal('SIGKILL');
		await victim.exited;
		suite.info(`killed with ${running.length} executions running on it (its log)`);
		return running;
	});

	const sent = await sending;
	await waitFor('every execution of the workflow to leave new/running', async () => ((await executions.counts(workflows, before)).open === 0 ? true : undefined), {
		timeoutMs: 150_000,
		intervalMs: 500,
	});
	await delay(1_000);
	watching = false;
	await watcher;
	const stored = await executions.load(workflows, before);
	const successes = stored.filter((execution) => execution.status === 'success');
	const successByTrace = executionsByTraceId(successes, TRIGGER_NODE);
	const heldTraces = held.map((id) => traceOf.get(id));
	const acknowledged = sent.filter((delivery) => delivery.attempts.some((attempt) => attempt.ok));
	const lost = acknowledged.filter((delivery) => !successByTrace.has(delivery.traceId)).length;
	const resentHeld = sent.filter((delivery) => heldTraces.includes(delivery.traceId) && delivery.attempts.length > 1);
	const survivorActivity = activityIn(readLog(survivor).slice(survivorLogStart));

	await suite.check(`each of the ${held.length} executions held by ${victim.name} ended without success, and n8n answered its delivery no 2xx`, () => {
		assert.deepEqual(heldTraces.filter((traceId) => traceId === undefined), [], 'held executions whose delivery was not seen');
		for (const id of held) {
			const execution = stored.find((candidate) => candidate.id === id);
			assert.ok(execution && execution.status !== 'success' && !(UNFINISHED as readonly string[]).includes(execution.status), `#${id} is ${execution?.status}`);
		}
		for (const delivery of sent.filter((candidate) => heldTraces.includes(candidate.traceId))) {
			assert.equal(delivery.attempts[0].ok, false, `${delivery.traceId}: first attempt answered ${delivery.attempts[0].status}`);
		}
	});
	await suite.check('the emulator’s sender sent every one of them again (no 2xx, as Terra would), and a later attempt was acknowledged', () => {
		assert.equal(resentHeld.length, held.length, 'held deliveries sent more than once');
		assert.ok(resentHeld.every((delivery) => delivery.attempts.at(-1)?.ok === true), 'held deliveries acknowledged in the end');
	});
	await suite.check(`every one of the ${sent.length} deliveries ran to success exactly once; 0 lost`, () => {
		assert.equal(acknowledged.length, sent.length, 'deliveries acknowledged');
		const notOnce = sent.filter((delivery) => successByTrace.get(delivery.traceId)?.length !== 1);
		assert.deepEqual(notOnce.map((delivery) => `${delivery.traceId}: ${successByTrace.get(delivery.traceId)?.length ?? 0} successes`).slice(0, 10), []);
		assert.equal(lost, 0, 'acknowledged deliveries whose data no successful execution holds');
		for (const traceId of heldTraces) {
			const rerun = successByTrace.get(traceId!)?.[0];
			assert.ok(rerun && survivorActivity.started.has(rerun.id), `${traceId}: re-run on ${survivor.name}`);
		}
	});

	const attemptsOfHeld = resentHeld.map((delivery) => delivery.attempts.length);
	ctx.report.workerKillFinished = {
		sent: sent.length,
		acknowledged: acknowledged.length,
		lost,
		held: held.length,
		resent: resentHeld.length,
		rerunToSuccess: heldTraces.filter((traceId) => successByTrace.get(traceId!)?.length === 1).length,
		maxAttemptsOfHeld: Math.max(0, ...attemptsOfHeld),
		attemptsOver8s: sent.reduce((sum, delivery) => sum + delivery.attempts.filter((attempt) => !attempt.ok && attempt.status === undefined).length, 0),
	};
	suite.info(
		`${held.length} held by the dead worker → re-sent ${resentHeld.length}, run again to success ${ctx.report.workerKillFinished.rerunToSuccess} ` +
			`(up to ${ctx.report.workerKillFinished.maxAttemptsOfHeld} attempts each, ${seconds(RETRY_DELAY_MS)} apart); ${lost} lost`,
	);
}
