/**
 * A tiny sequential check runner for the e2e suite: groups, checks with timings, a summary, and a non-zero exit
 * code when anything failed. Checks in a group keep running after one fails (each reports its own assertion), but a
 * failing `setup` step stops the run, because everything after it depends on it.
 */
import { bold, describeError, dim, green, red } from '../../../scripts/lib/terminal';

export { bold, describeError, dim, green, red };

export interface CheckResult {
	group: string;
	name: string;
	ok: boolean;
	ms: number;
	error?: string;
}

export class SetupFailed extends Error {}

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

	/** An independent check: its failure is reported and the run goes on. */
	async check(name: string, fn: () => Promise<void> | void): Promise<boolean> {
		const start = Date.now();
		try {
			await fn();
			this.record(name, true, Date.now() - start);
			return true;
		} catch (error) {
			this.record(name, false, Date.now() - start, describeError(error));
			return false;
		}
	}

	private record(name: string, ok: boolean, ms: number, error?: string): void {
		this.results.push({ group: this.group, name, ok, ms, error });
		const mark = ok ? green('✓') : red('✗');
		console.log(`  ${mark} ${name} ${dim(`(${seconds(ms)})`)}`);
		if (error) console.log(error.split('\n').map((line) => `      ${red(line)}`).join('\n'));
	}

	get failed(): CheckResult[] {
		return this.results.filter((result) => !result.ok);
	}

	elapsedMs(): number {
		return Date.now() - this.started;
	}

	summary(): string {
		const passed = this.results.length - this.failed.length;
		const line = `${passed} passed, ${this.failed.length} failed, ${seconds(this.elapsedMs())} in total`;
		return this.failed.length ? red(line) : green(line);
	}
}
