/**
 * A tiny sequential check runner for the e2e suite: groups, checks with timings, a summary, and a non-zero exit
 * code when anything failed. Checks in a group keep running after one fails (each reports its own assertion), but a
 * failing `setup` step stops the run, because everything after it depends on it.
 *
 * A check that fails because of the harness rather than the package (a browser navigation timing out on a loaded
 * machine, an `n8n execute` process killed by a signal) is run once more, and the output says so. An assertion
 * failure is never retried: it is the package's.
 */
import { bold, describeError, dim, green, red, yellow } from '../../../scripts/lib/terminal';

export { bold, describeError, dim, green, red };

export interface CheckResult {
	group: string;
	name: string;
	ok: boolean;
	ms: number;
	error?: string;
	/** The harness failure that made the check run a second time. */
	harnessFailure?: string;
}

export class SetupFailed extends Error {}

/** A failure of the test machinery, not of what it tests: the check is run once more. */
export class HarnessError extends Error {
	override name = 'HarnessError';
}

/** Assertions (node:assert) are the package's failures; anything else thrown by a check is the harness's. */
export function isHarnessFailure(error: unknown): boolean {
	if (error instanceof HarnessError) return true;
	const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
	return !(name === 'AssertionError' || code === 'ERR_ASSERTION');
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

export class Suite {
	readonly results: CheckResult[] = [];

	private group = '';

	private readonly started = Date.now();

	section(title: string): void {
		this.group = title;
		console.log(`\n${bold(`▶ ${title}`)}`);
	}

	info(text: string): void {
		console.log(`  ${dim(text)}`);
	}

	/** A step everything after depends on: its failure ends the run. */
	async setup<T>(name: string, fn: () => Promise<T>): Promise<T> {
		const start = Date.now();
		try {
			const value = await fn();
			this.record(name, true, Date.now() - start);
			return value;
		} catch (error) {
			this.record(name, false, Date.now() - start, describeError(error));
			throw new SetupFailed(`setup step failed: ${name}`);
		}
	}

	/**
	 * An independent check: its failure is reported and the run goes on. A harness failure (isHarnessFailure) runs
	 * it once more; `retryHarnessFailure: false` for checks that cannot run twice.
	 */
	async check(
		name: string,
		fn: () => Promise<void> | void,
		{ retryHarnessFailure = true }: { retryHarnessFailure?: boolean } = {},
	): Promise<boolean> {
		const start = Date.now();
		let harnessFailure: string | undefined;
		for (let attempt = 1; ; attempt++) {
			try {
				await fn();
				this.record(name, true, Date.now() - start, undefined, harnessFailure);
				return true;
			} catch (error) {
				if (attempt === 1 && retryHarnessFailure && isHarnessFailure(error)) {
					harnessFailure = describeError(error).split('\n')[0];
					console.log(`  ${yellow('↻')} ${name}: harness failure, not the package's; running it once more (${harnessFailure})`);
					continue;
				}
				this.record(name, false, Date.now() - start, describeError(error), harnessFailure);
				return false;
			}
		}
	}

	private record(name: string, ok: boolean, ms: number, error?: string, harnessFailure?: string): void {
		this.results.push({ group: this.group, name, ok, ms, error, harnessFailure });
		const mark = ok ? green('✓') : red('✗');
		const retried = harnessFailure ? `, ${ok ? 'passed' : 'failed'} on its second run after a harness failure` : '';
		console.log(`  ${mark} ${name} ${dim(`(${seconds(ms)}${retried})`)}`);
		if (error) console.log(error.split('\n').map((line) => `      ${red(line)}`).join('\n'));
	}

	/** Checks that needed their second run because of a harness failure. */
	get retried(): CheckResult[] {
		return this.results.filter((result) => result.harnessFailure !== undefined);
	}

	get failed(): CheckResult[] {
		return this.results.filter((result) => !result.ok);
	}

	elapsedMs(): number {
		return Date.now() - this.started;
	}

	summary(): string {
		const passed = this.results.length - this.failed.length;
		const retried = this.retried.length ? `, ${this.retried.length} run twice after a harness failure` : '';
		const line = `${passed} passed, ${this.failed.length} failed${retried}, ${seconds(this.elapsedMs())} in total`;
		return this.failed.length ? red(line) : green(line);
	}
}
