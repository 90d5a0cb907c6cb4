import type { ExecuteOptions, ExecuteResult } from '../../scripts/lib/n8n';
import { executeFresh } from '../../scripts/bench/execute';

type Outcome = Pick<ExecuteResult, 'code' | 'signal' | 'timedOut'> & { printed?: 'success' | 'error' };

/** A stack whose `n8n execute` ends as `outcomes` say, one per call, recording the order of what was called. */
function fakeStack(outcomes: Outcome[]) {
	const calls: string[] = [];
	const options: ExecuteOptions[] = [];
	const stack = {
		emulator: {
			resetRateLimits: async () => void calls.push('reset'),
			clearRequests: async () => void calls.push('clear'),
		},
		n8n: {
			execute: async (workflowId: string, given: ExecuteOptions): Promise<ExecuteResult> => {
				calls.push(`execute ${workflowId}`);
				options.push(given);
				const outcome = outcomes.shift();
				if (!outcome) throw new Error('more attempts than the test allows');
				const run = outcome.printed ? ({ status: outcome.printed, data: { resultData: { runData: {} } } } as ExecuteResult['run']) : undefined;
				return { code: outcome.code, signal: outcome.signal, timedOut: outcome.timedOut, ms: 10, run, stdout: '', stderr: '' };
			},
		},
	};
	const lines: string[] = [];
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- only the members executeFresh uses
	return { context: { stack: stack as any, log: (line: string) => void lines.push(line) }, calls, options, lines };
}

const clean: Outcome = { code: 0, signal: null, timedOut: false, printed: 'success' };
const segfaultAfterRun: Outcome = { code: null, signal: 'SIGSEGV', timedOut: false, printed: 'success' };

describe('executeFresh (bench)', () => {
	it('resets the emulator before the run and returns a clean run as it is', async () => {
		const { context, calls, lines } = fakeStack([clean]);
		const result = await executeFresh(context, 'wf', { timeoutMs: 5 });
		expect(result.code).toBe(0);
		expect(calls).toEqual(['reset', 'clear', 'execute wf']);
		expect(lines).toEqual([]);
	});

	it('does not count a run n8n died in by SIGSEGV: starts it again from a fresh emulator and says so', async () => {
		const { context, calls, lines } = fakeStack([segfaultAfterRun, clean]);
		const result = await executeFresh(context, 'wf', { timeoutMs: 5 });
		expect(result).toMatchObject({ code: 0, signal: null });
		expect(calls).toEqual(['reset', 'clear', 'execute wf', 'reset', 'clear', 'execute wf']);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('was killed by SIGSEGV after printing a success run');
		expect(lines[0]).toContain('attempt 2 of 3');
	});

	it('gives up after three attempts and returns the last, for the caller to report', async () => {
		const { context, calls } = fakeStack([segfaultAfterRun, segfaultAfterRun, segfaultAfterRun]);
		const result = await executeFresh(context, 'wf', {});
		expect(result.signal).toBe('SIGSEGV');
		expect(calls.filter((call) => call.startsWith('execute'))).toHaveLength(3);
	});

	it('does not run again after its own timeout or a failed run', async () => {
		for (const outcome of [
			{ code: null, signal: 'SIGKILL', timedOut: true },
			{ code: 1, signal: null, timedOut: false, printed: 'error' },
		] as Outcome[]) {
			const { context, calls } = fakeStack([outcome]);
			const result = await executeFresh(context, 'wf', {});
			expect(result).toMatchObject({ code: outcome.code, signal: outcome.signal });
			expect(calls.filter((call) => call.startsWith('execute'))).toHaveLength(1);
		}
	});

	it('asks an options function once per attempt', async () => {
		const { context, options } = fakeStack([segfaultAfterRun, clean]);
		let asked = 0;
		await executeFresh(context, 'wf', () => ({ env: { ATTEMPT: String(++asked) } }));
		expect(options.map((given) => given.env?.ATTEMPT)).toEqual(['1', '2']);
	});
});
