/**
 * A real n8n for the e2e suite, the demo and the queue-mode test: a throwaway user folder with the packed package
 * installed the way a user's n8n installs a community package, CLI commands (import, publish, execute), and n8n's
 * long-running processes on loopback: `n8n start`, and for queue mode also `n8n worker` and `n8n webhook`, each
 * with its own ports. SQLite by default, Postgres when `database` is given.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { PostgresConnection } from './postgres';
import { describeExit, runCommand, startProcess, waitFor, freePort, type ManagedProcess } from './processes';
import { n8nRuntime, packageManifest, REPO, type N8nRuntime } from './runtime';

/** Fixed so that imported credentials stay readable across runs of the same user folder. Not a secret. */
export const ENCRYPTION_KEY = 'n8n-nodes-terra-e2e-not-a-secret-0123456789';

export interface N8nOptions {
	/** State folder: the user folder is <root>/user, logs go to <root>/logs. */
	root: string;
	port: number;
	brokerPort: number;
	/** Additional environment for every n8n process. */
	env?: Record<string, string>;
	/** Postgres instead of the user folder's SQLite file (queue mode needs a database every process shares). */
	database?: PostgresConnection;
	/** Which installed n8n runs (default: the pinned one, scripts/n8n-runtime/). */
	runtime?: N8nRuntime;
}

/** A long-running n8n process: `start` (main), `worker` or `webhook`. */
export interface LaunchOptions {
	/** Its HTTP port: the editor/REST/webhooks for main and webhook, the health server for a worker. */
	port: number;
	/** Every n8n process starts a task broker; processes on one host need distinct ports. */
	brokerPort: number;
	/** Extra environment for this process only (on top of `env()`). */
	env?: Record<string, string>;
	/** Log file name in the log folder (default `n8n-<name>.log`). */
	logName?: string;
	/**
	 * Its own hostname, where the host allows a UTS namespace (root): n8n names a process "<type>-<hostname>" when it
	 * thinks it runs in a container (/.dockerenv), so two workers on one such host would share an ID, as they never do
	 * in separate containers. Elsewhere n8n uses a random ID and this is not needed.
	 */
	hostname?: string;
	timeoutMs?: number;
}

let utsNamespaces: boolean | undefined;
function canSetHostname(): boolean {
	utsNamespaces ??= spawnSync('unshare', ['--uts', 'true'], { stdio: 'ignore' }).status === 0;
	return utsNamespaces;
}

export interface ExecuteOptions {
	timeoutMs?: number;
	/** How much of the CLI's output its log file keeps (its ends). */
	logLimit?: number;
	/** Stdout through a file: n8n exits right after printing the run, and a pipe loses the unflushed rest. */
	largeOutput?: boolean;
	env?: Record<string, string>;
}

export interface ExecuteResult {
	code: number | null;
	/** The signal that ended `n8n execute`, if one did (code is then null). */
	signal: NodeJS.Signals | null;
	/** Whether the harness killed it after its timeout. */
	timedOut: boolean;
	ms: number;
	/** The run data n8n printed (IRun): status, data.resultData.runData, data.resultData.error. */
	run?: RunJson;
	stdout: string;
	stderr: string;
}

export interface NodeItem {
	json: Record<string, unknown>;
	binary?: Record<string, { mimeType?: string; fileName?: string; fileSize?: string }>;
	pairedItem?: { item: number } | Array<{ item: number }>;
}

export interface NodeRun {
	/** Unix ms when the node run started, its duration in ms and its position in the execution (n8n records them). */
	startTime?: number;
	executionTime?: number;
	executionIndex?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; name?: string };
	data?: { main?: Array<NodeItem[] | null> };
}

export interface RunJson {
	status: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message?: string; description?: string; node?: { name?: string }; name?: string };
			lastNodeExecuted?: string;
		};
	};
}

/** Index of the first line at or after `from` that is exactly `line`, or -1. */
function findLine(text: string, line: string, from: number): number {
	for (let index = text.indexOf(line, from); index >= 0; index = text.indexOf(line, index + 1)) {
		const startsLine = index === 0 || text[index - 1] === '\n';
		const endsLine = index + line.length === text.length || text[index + line.length] === '\n';
		if (startsLine && endsLine) return index;
	}
	return -1;
}

/**
 * `n8n execute` prints log lines, then the run as pretty JSON (top-level braces alone on their lines). Found with
 * indexOf rather than by splitting into lines: a run with large records prints 100+ MB.
 */
export function extractRunJson(stdout: string): RunJson | undefined {
	for (let start = findLine(stdout, '{', 0); start >= 0; start = findLine(stdout, '{', start + 1)) {
		const end = findLine(stdout, '}', start + 1);
		if (end < 0) return undefined;
		try {
			const parsed = JSON.parse(stdout.slice(start, end + 1)) as RunJson;
			if (parsed && typeof parsed === 'object' && 'data' in parsed) return parsed;
		} catch {
			// not the run JSON; keep looking
		}
	}
	return undefined;
}

/** Output items of a node's first run, first output. */
export function nodeItems(run: RunJson, nodeName: string, runIndex = 0, output = 0): NodeItem[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node “${nodeName}” did not run (ran: ${Object.keys(run.data.resultData.runData).join(', ')})`);
	return runs[runIndex]?.data?.main?.[output] ?? [];
}

export function nodeJson(run: RunJson, nodeName: string): Array<Record<string, unknown>> {
	return nodeItems(run, nodeName).map((item) => item.json);
}

export class N8n {
	readonly runtime: N8nRuntime;

	readonly userFolder: string;

	readonly logDir: string;

	readonly baseUrl: string;

	/** `n8n start` (main). */
	server?: ManagedProcess;

	/** Every long-running process started with launch(), by name. */
	readonly processes = new Map<string, ManagedProcess>();

	constructor(readonly options: N8nOptions) {
		this.runtime = options.runtime ?? n8nRuntime();
		this.userFolder = path.join(options.root, 'user');
		this.logDir = path.join(options.root, 'logs');
		this.baseUrl = `http://127.0.0.1:${options.port}`;
	}

	get dbFile(): string {
		return path.join(this.userFolder, '.n8n', 'database.sqlite');
	}

	/** Everything n8n needs, and nothing from the calling npm/ts-node environment. */
	env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(
				([name]) => !/^(npm_|NODE_OPTIONS$|NODE_PATH$|INIT_CWD$|TS_NODE_|N8N_|DB_|EXECUTIONS_)/i.test(name),
			),
		);
		return {
			...inherited,
			PATH: `${this.runtime.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_PORT: String(this.options.port),
			N8N_RUNNERS_BROKER_PORT: String(this.options.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
			N8N_WEBHOOK_URL: `${this.baseUrl}/`,
			...this.databaseEnv(),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			...this.options.env,
			...overrides,
		};
	}

	private databaseEnv(): Record<string, string> {
		const db = this.options.database;
		if (!db) return { DB_TYPE: 'sqlite', DB_SQLITE_POOL_SIZE: '2' };
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: db.host,
			DB_POSTGRESDB_PORT: String(db.port),
			DB_POSTGRESDB_DATABASE: db.database,
			DB_POSTGRESDB_USER: db.user,
			DB_POSTGRESDB_PASSWORD: db.password,
		};
	}

	/**
	 * Fresh user folder with the packed package installed the way docs/self-hosting.md tells users to install the tarball:
	 * `npm install <tarball> --omit=peer` in <user folder>/.n8n/nodes (n8n loads node_modules/n8n-nodes-* from there).
	 * --prefer-offline, never npm's offline mode: npm still reads the peers' registry metadata, which an empty cache lacks.
	 */
	async prepareUserFolder(tarball: string): Promise<string> {
		rmSync(this.options.root, { recursive: true, force: true });
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		mkdirSync(this.logDir, { recursive: true });
		// n8n creates this manifest itself; without it npm would walk up to this repository's package.json.
		writeFileSync(path.join(nodesDir, 'package.json'), `${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`);
		const result = await runCommand(
			'npm',
			['install', tarball, '--omit=peer', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: nodesDir, timeoutMs: 180_000 },
		);
		if (result.code !== 0) throw new Error(`npm install of the tarball failed:\n${result.stderr}`);
		return path.join(nodesDir, 'node_modules', packageManifest().name);
	}

	/**
	 * One n8n CLI command; throws with its output when it fails. Its output goes to a log file in full, or only its
	 * first and last `logLimit / 2` characters of stdout and stderr each (the benchmark's runs print 100+ MB).
	 */
	async cli(
		args: string[],
		{
			allowFailure = false,
			timeoutMs = 120_000,
			env = {},
			logLimit,
			stdoutFile,
		}: {
			allowFailure?: boolean;
			timeoutMs?: number;
			env?: Record<string, string>;
			logLimit?: number;
			/** Stdout through this file instead of a pipe (see runCommand): for output of many megabytes. */
			stdoutFile?: string;
		} = {},
	) {
		const result = await runCommand(this.runtime.node, [this.runtime.n8nBin, ...args], {
			cwd: this.options.root,
			env: this.env(env),
			timeoutMs,
			stdoutFile,
		});
		const clip = (text: string) =>
			logLimit === undefined || text.length <= logLimit
				? text
				: `${text.slice(0, logLimit / 2)}\n[… ${text.length - logLimit} characters left out …]\n${text.slice(-logLimit / 2)}`;
		writeFileSync(
			path.join(this.logDir, `cli-${args[0].replace(/[^\w-]+/g, '_')}-${Date.now()}.log`),
			`$ n8n ${args.join(' ')}\n[${describeExit(result)}, ${result.ms} ms]\n${clip(result.stdout)}\n${clip(result.stderr)}`,
		);
		if (!allowFailure && result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} ${describeExit(result)}\n${(result.stdout + result.stderr).slice(-3000)}`);
		}
		return result;
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		const file = path.join(this.options.root, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
		await this.cli(['import:credentials', `--input=${file}`]);
		rmSync(file);
	}

	/** Imports every *.json of the given folders with one CLI call (each call costs ~3 s). */
	async importWorkflows(dirs: string[]): Promise<string[]> {
		const staging = path.join(this.options.root, 'workflows');
		rmSync(staging, { recursive: true, force: true });
		mkdirSync(staging, { recursive: true });
		const ids: string[] = [];
		for (const dir of dirs) {
			for (const file of readdirJson(dir)) {
				const text = readFileSync(path.join(dir, file), 'utf8');
				ids.push((JSON.parse(text) as { id: string }).id);
				writeFileSync(path.join(staging, file), text);
			}
		}
		await this.cli(['import:workflow', '--separate', `--input=${staging}`]);
		return ids;
	}

	/** Activates workflows; n8n 1.x has no publish:workflow (workflows have no published version there). */
	async publish(workflowIds: string[]): Promise<void> {
		for (const id of workflowIds) {
			await this.cli(this.runtime.n8nMajor < 2 ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`]);
		}
	}

	/**
	 * `n8n start` in the background; resolves once n8n is fully started: /healthz answers as soon as the HTTP server
	 * listens, before the REST routes exist (until then any request may get 200 "n8n is starting up" or a 404), while
	 * /healthz/readiness answers 200 only once the server has been configured completely.
	 */
	async start(): Promise<ManagedProcess> {
		this.server = await this.launch('main', ['start'], {
			port: this.options.port,
			brokerPort: this.options.brokerPort,
			logName: 'n8n-start.log',
		});
		return this.server;
	}

	/**
	 * Starts a long-running n8n process (`start`, `worker`, `webhook`) and waits until it answers
	 * /healthz/readiness (a worker answers it on its health server, which needs QUEUE_HEALTH_CHECK_ACTIVE).
	 */
	async launch(name: string, args: string[], options: LaunchOptions): Promise<ManagedProcess> {
		const env = this.env({
			N8N_PORT: String(options.port),
			N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
			...options.env,
		});
		let command = this.runtime.node;
		let commandArgs = [this.runtime.n8nBin, ...args];
		if (options.hostname && canSetHostname()) {
			// unshare and sh exec in place, so the process (and group) stays n8n itself.
			commandArgs = ['--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', options.hostname, command, ...commandArgs];
			command = 'unshare';
		}
		const child = startProcess(name, command, commandArgs, {
			cwd: this.options.root,
			env,
			logFile: path.join(this.logDir, options.logName ?? `n8n-${name}.log`),
		});
		this.processes.set(name, child);
		const url = `http://127.0.0.1:${options.port}/healthz/readiness`;
		// n8n 1.x answers readiness before its REST routes exist: for `start`, wait for its settings too.
		const restToo = this.runtime.n8nMajor < 2 && args[0] === 'start';
		await waitFor(
			`n8n ${args[0]} (${name}) to be ready (${url}${restToo ? ' and /rest/settings' : ''})`,
			async () => {
				const response = await fetch(url);
				await response.arrayBuffer();
				if (!response.ok) return undefined;
				return restToo ? await restAnswers(`http://127.0.0.1:${options.port}/rest/settings`) : true;
			},
			{
				timeoutMs: options.timeoutMs ?? 180_000,
				alive: () => {
					if (!child.isRunning()) {
						const how = child.exitSignal() ? `was killed by ${child.exitSignal()}` : 'exited early';
						throw new Error(`n8n ${args[0]} (${name}) ${how}:\n${child.logTail()}`);
					}
				},
			},
		);
		return child;
	}

	/**
	 * A published workflow's production webhook is registered some time after the server is up; a CORS preflight
	 * answers 204 only once it is (and starts no execution). `baseUrl`: where webhooks are served (in queue mode the
	 * webhook processor); `method`: the webhook's HTTP method.
	 */
	async waitForWebhook(
		webhookPath: string,
		{ timeoutMs = 120_000, baseUrl = this.baseUrl, method = 'POST' }: { timeoutMs?: number; baseUrl?: string; method?: string } = {},
	): Promise<void> {
		await waitFor(
			`webhook ${method} ${baseUrl}/webhook/${webhookPath} to be registered`,
			async () => {
				const response = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
					method: 'OPTIONS',
					headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': method },
				});
				await response.arrayBuffer();
				return response.status === 204 ? true : undefined;
			},
			{
				timeoutMs,
				alive: () => {
					for (const child of this.processes.values()) {
						if (!child.isRunning()) throw new Error(`n8n ${child.name} exited:\n${child.logTail()}`);
					}
				},
			},
		);
	}

	/**
	 * `n8n execute --id` in its own process (it may run while `n8n start` serves the same SQLite database; it gets
	 * its own task-broker port).
	 */
	async execute(workflowId: string, { timeoutMs = 180_000, logLimit, largeOutput = false, env = {} }: ExecuteOptions = {}): Promise<ExecuteResult> {
		const brokerPort = await freePort();
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			allowFailure: true,
			timeoutMs,
			logLimit,
			// n8n exits right after printing the run; only a file keeps all of a large one.
			stdoutFile: largeOutput ? path.join(this.logDir, `execute-${workflowId}-${brokerPort}.stdout`) : undefined,
			env: { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
		});
		return {
			code: result.code,
			signal: result.signal,
			timedOut: result.timedOut,
			ms: result.ms,
			run: extractRunJson(result.stdout),
			stdout: result.stdout,
			stderr: result.stderr,
		};
	}

	/** Stops every process started with launch(), webhook processors and workers before main. */
	async stop(): Promise<void> {
		const all = [...this.processes.values()];
		await Promise.all(all.filter((child) => child !== this.server).map((child) => child.stop(20_000)));
		await this.server?.stop(20_000);
	}
}

/** True once a REST route answers with its JSON (not n8n's “starting up” page or a 404). */
async function restAnswers(url: string): Promise<true | undefined> {
	const response = await fetch(url);
	const text = await response.text();
	if (!response.ok) return undefined;
	try {
		return (JSON.parse(text) as { data?: unknown }).data ? true : undefined;
	} catch {
		return undefined;
	}
}

function readdirJson(dir: string): string[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

/** `npm pack` of the built package into `dir`; returns the tarball path. */
export async function packPackage(dir: string): Promise<string> {
	mkdirSync(dir, { recursive: true });
	const result = await runCommand('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO, timeoutMs: 120_000 });
	if (result.code !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
	const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{ filename: string; files: unknown[] }>;
	return path.join(dir, info.filename);
}
