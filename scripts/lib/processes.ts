/**
 * Child processes for the e2e suite, the demo and the queue-mode test: each runs in its own process group (so
 * stopping it also stops what it started, e.g. n8n's task runner), with output going to a log file; all of them are
 * stopped when this process exits or is interrupted.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface ManagedProcess {
	name: string;
	child: ChildProcess;
	logFile: string;
	/** The exit code; 128 + nothing when a signal ended it (then `exitSignal` names it). */
	exited: Promise<number | null>;
	/** The signal that ended the process, once it has exited because of one (e.g. SIGKILL from the OOM killer). */
	exitSignal(): NodeJS.Signals | null;
	/** Graceful stop: the stop signal (default SIGTERM) to the whole group, SIGKILL after `timeoutMs`. */
	stop(timeoutMs?: number): Promise<void>;
	/** A signal to the whole process group at once (e.g. SIGKILL to simulate a crash); does not wait. */
	signal(signal: NodeJS.Signals): void;
	isRunning(): boolean;
	logTail(lines?: number): string;
}

/** Runs the command as another user (root only; e.g. Postgres, which refuses to run as root). */
export interface RunAs {
	uid: number;
	gid: number;
}

const running = new Set<ManagedProcess>();
/** Short-lived commands (CLI calls): killed with the rest if this process exits first. */
const commands = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** Synchronous last resort (process 'exit' handlers cannot wait). */
export function killAllNow(): void {
	for (const managed of running) killGroup(managed.child, 'SIGKILL');
	for (const child of commands) killGroup(child, 'SIGKILL');
	running.clear();
	commands.clear();
}

let hooksInstalled = false;
function installExitHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', killAllNow);
}

export async function stopAll(): Promise<void> {
	await Promise.all([...running].map((managed) => managed.stop()));
}

export function startProcess(
	name: string,
	command: string,
	args: string[],
	options: {
		cwd?: string;
		env?: NodeJS.ProcessEnv;
		logFile: string;
		runAs?: RunAs;
		/** What `stop()` sends first; Postgres, for one, shuts down fastest on SIGINT. */
		stopSignal?: NodeJS.Signals;
	},
): ManagedProcess {
	installExitHooks();
	mkdirSync(path.dirname(options.logFile), { recursive: true });
	const log = createWriteStream(options.logFile, { flags: 'a' });
	const spawnOptions: SpawnOptions = {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		...options.runAs,
	};
	const child = spawn(command, args, spawnOptions);
	child.stdout?.pipe(log, { end: false });
	child.stderr?.pipe(log, { end: false });
	let exitCode: number | null | undefined;
	let signalled: NodeJS.Signals | null = null;
	const exited = new Promise<number | null>((resolve) => {
		child.on('exit', (code, signal) => {
			signalled = signal;
			// Said in the log too, where whoever reads why a process vanished will look.
			log.write(`\n[${name} ${signal ? `killed by ${signal}` : `exited with code ${code}`}]\n`);
			exitCode = code ?? (signal ? 128 : null);
			running.delete(managed);
			resolve(exitCode);
		});
		child.on('error', (error) => {
			log.write(`\n[spawn error] ${error.message}\n`);
			exitCode = 127;
			running.delete(managed);
			resolve(127);
		});
	});
	const managed: ManagedProcess = {
		name,
		child,
		logFile: options.logFile,
		exited,
		exitSignal: () => signalled,
		isRunning: () => exitCode === undefined,
		signal(signal) {
			if (exitCode === undefined) killGroup(child, signal);
		},
		async stop(timeoutMs = 15_000) {
			if (exitCode !== undefined) return;
			killGroup(child, options.stopSignal ?? 'SIGTERM');
			const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
			if ((await Promise.race([exited, timer])) === 'timeout') {
				killGroup(child, 'SIGKILL');
				await exited;
			}
			// Children that outlived the leader (e.g. a task runner) share its group.
			killGroup(child, 'SIGKILL');
		},
		logTail(lines = 40) {
			try {
				return readFileSync(options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
			} catch {
				return '';
			}
		},
	};
	running.add(managed);
	return managed;
}

export interface CommandResult {
	/** null when a signal ended the command; `signal` then names it. */
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
	/** Set when runCommand itself killed the command after `timeoutMs`. */
	timedOut: boolean;
}

/** "exited 1", "was killed by SIGKILL", "was killed by SIGKILL after the 180000 ms timeout". */
export function describeExit(result: Pick<CommandResult, 'code' | 'signal' | 'timedOut'>): string {
	if (result.signal) return `was killed by ${result.signal}${result.timedOut ? ' after its timeout' : ''}`;
	return `exited ${result.code}`;
}

/**
 * Runs a command to completion, capturing its output. With `stdoutFile`, the command writes its stdout to that file
 * (read back, then deleted): a Node program that prints many megabytes and then calls process.exit() loses the
 * unflushed rest of a pipe, while writes to a file are synchronous.
 */
export function runCommand(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; stdoutFile?: string; runAs?: RunAs } = {},
): Promise<CommandResult> {
	installExitHooks();
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w');
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			detached: true,
			stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
			...options.runAs,
		});
		if (stdoutFd !== undefined) closeSync(stdoutFd);
		commands.add(child);
		let stdout = '';
		let stderr = '';
		// Decoded as a stream, so a multi-byte character split across two chunks stays intact.
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		let timedOut = false;
		const timer = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					stderr += `\n[timeout after ${options.timeoutMs} ms: killed]`;
					killGroup(child, 'SIGKILL');
				}, options.timeoutMs)
			: undefined;
		child.on('error', reject);
		child.on('close', (code, signal) => {
			const ms = Date.now() - started;
			if (timer) clearTimeout(timer);
			commands.delete(child);
			// Leftovers of the group (task runner) must not outlive the command.
			killGroup(child, 'SIGKILL');
			if (options.stdoutFile !== undefined) {
				try {
					stdout = readFileSync(options.stdoutFile, 'utf8');
				} finally {
					rmSync(options.stdoutFile, { force: true });
				}
			}
			if (signal && !timedOut) stderr += `\n[killed by ${signal}, not by this harness]`;
			resolve({ code, signal, stdout, stderr, ms, timedOut });
		});
	});
}

/** A free TCP port on 127.0.0.1 (picked by the OS). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** Distinct free ports (asked for together so the OS does not hand out the same one twice). */
export async function freePorts(count: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

export async function isPortFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	{ timeoutMs = 60_000, intervalMs = 250, alive }: { timeoutMs?: number; intervalMs?: number; alive?: () => void } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		alive?.();
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
		}
		await delay(intervalMs);
	}
}
