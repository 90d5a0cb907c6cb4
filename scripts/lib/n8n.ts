/**
 * A real n8n for the e2e suite and the demo: a throwaway user folder with the packed package installed the way a
 * user's n8n installs a community package, CLI commands (import, publish, execute), and `n8n start` on loopback.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { runCommand, startProcess, waitFor, freePort, type ManagedProcess } from './processes';
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
}

export interface ExecuteResult {
	code: number | null;
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

	server?: ManagedProcess;

	constructor(readonly options: N8nOptions) {
		this.runtime = n8nRuntime();
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
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
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

	/**
	 * Fresh user folder with the packed package installed the way the README tells users to install the tarball:
	 * `npm install <tarball> --omit=peer` in <user folder>/.n8n/nodes (n8n loads node_modules/n8n-nodes-* from there).
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
			['install', tarball, '--omit=peer', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
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
			`$ n8n ${args.join(' ')}\n[exit ${result.code}, ${result.ms} ms]\n${clip(result.stdout)}\n${clip(result.stderr)}`,
		);
		if (!allowFailure && result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited ${result.code}\n${(result.stdout + result.stderr).slice(-3000)}`);
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

	async publish(workflowIds: string[]): Promise<void> {
		for (const id of workflowIds) await this.cli(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * `n8n start` in the background; resolves once n8n is fully started: /healthz answers as soon as the HTTP server
	 * listens, before the REST routes exist (until then any request may get 200 "n8n is starting up" or a 404), while
	 * /healthz/readiness answers 200 only once the server has been configured completely.
	 */
	async start(): Promise<ManagedProcess> {
		const server = startProcess('n8n', this.runtime.node, [this.runtime.n8nBin, 'start'], {
			cwd: this.options.root,
			env: this.env(),
			logFile: path.join(this.logDir, 'n8n-start.log'),
		});
		this.server = server;
		await waitFor(
			'n8n to be fully started (/healthz/readiness)',
			async () => {
				const response = await fetch(`${this.baseUrl}/healthz/readiness`);
				await response.arrayBuffer();
				return response.ok ? true : undefined;
			},
			{
				timeoutMs: 120_000,
				alive: () => {
					if (!server.isRunning()) throw new Error(`n8n start exited early:\n${server.logTail()}`);
				},
			},
		);
		return server;
	}

	/**
	 * A published trigger's production webhook is registered some time after the server is up; a CORS preflight
	 * answers 204 only once it is (and starts no execution).
	 */
	async waitForWebhook(webhookPath: string, timeoutMs = 120_000): Promise<void> {
		await waitFor(
			`webhook /webhook/${webhookPath} to be registered`,
			async () => {
				const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, {
					method: 'OPTIONS',
					headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': 'POST' },
				});
				return response.status === 204 ? true : undefined;
			},
			{
				timeoutMs,
				alive: () => {
					if (this.server && !this.server.isRunning()) throw new Error(`n8n exited:\n${this.server.logTail()}`);
				},
			},
		);
	}

	/**
	 * `n8n execute --id` in its own process (it may run while `n8n start` serves the same SQLite database; it gets
	 * its own task-broker port).
	 */
	async execute(
		workflowId: string,
		{
			timeoutMs = 180_000,
			logLimit,
			largeOutput = false,
			env = {},
		}: { timeoutMs?: number; logLimit?: number; largeOutput?: boolean; env?: Record<string, string> } = {},
	): Promise<ExecuteResult> {
		const brokerPort = await freePort();
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			allowFailure: true,
			timeoutMs,
			logLimit,
			// n8n exits right after printing the run; only a file keeps all of a large one.
			stdoutFile: largeOutput ? path.join(this.logDir, `execute-${workflowId}-${brokerPort}.stdout`) : undefined,
			env: { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
		});
		return { code: result.code, ms: result.ms, run: extractRunJson(result.stdout), stdout: result.stdout, stderr: result.stderr };
	}

	async stop(): Promise<void> {
		await this.server?.stop(20_000);
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
