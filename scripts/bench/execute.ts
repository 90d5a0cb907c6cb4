/**
 * `n8n execute` of a benchmark workflow against a fresh emulator: its rate-limit windows are reset and its request log
 * cleared first, so another run's days and requests never count against this one.
 *
 * n8n 2.40.7 on Node 24 sometimes dies by SIGSEGV while `n8n execute` shuts down, after it printed the finished run
 * (the e2e suite meets it too, see test/e2e/checks/context.ts). The benchmark does not count such a run: it starts it
 * again from scratch, at most twice, and says so. Any other outcome, a timeout included, is the caller's to judge.
 */
import type { ExecuteOptions, ExecuteResult } from '../lib/n8n';
import { describeExit } from '../lib/processes';
import { dim } from '../lib/terminal';
import type { BenchContext } from './model';

const ATTEMPTS = 3;

/** `options` may be a function, called before every attempt (for example to give each its own report directory). */
export async function executeFresh(
	context: Pick<BenchContext, 'stack' | 'log'>,
	workflowId: string,
	options: ExecuteOptions | (() => ExecuteOptions),
): Promise<ExecuteResult> {
	const { stack, log } = context;
	for (let attempt = 1; ; attempt++) {
		await stack.emulator.resetRateLimits();
		await stack.emulator.clearRequests();
		const result = await stack.n8n.execute(workflowId, typeof options === 'function' ? options() : options);
		if (!diedBySignal(result) || attempt === ATTEMPTS) return result;
		const printed = result.run ? `after printing a ${result.run.status} run` : 'before printing a run';
		log(dim(`  n8n execute --id=${workflowId} ${describeExit(result)} ${printed}; not counted, started again (attempt ${attempt + 1} of ${ATTEMPTS})`));
	}
}

/** Killed by a signal that this harness did not send. */
function diedBySignal(result: ExecuteResult): boolean {
	return result.signal !== null && !result.timedOut;
}
