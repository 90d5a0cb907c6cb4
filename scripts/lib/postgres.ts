/**
 * A throwaway Postgres for the queue-mode test: Debian's Postgres binaries (scripts/install-queue-deps.sh installs
 * them), a fresh cluster (`initdb`) in a temporary folder, `postgres` in the foreground as a managed process on its
 * own port on 127.0.0.1 (the system service, if any, is never used), one role and database for n8n, and a small
 * query helper that uses n8n's own `pg` driver (no extra dependency).
 *
 * As root, initdb and postgres run as the `postgres` user (Postgres refuses root); the cluster then lives under the
 * system's temporary folder, which that user can reach even when the repository sits in a private home folder.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runCommand, startProcess, waitFor, type ManagedProcess, type RunAs } from './processes';

export interface PostgresConnection {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
}

export interface PostgresServer {
	connection: PostgresConnection;
	process: ManagedProcess;
	version: string;
	/** Runs one query as n8n's role and returns its rows. */
	query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
	stop(): Promise<void>;
}

/** The newest Postgres server binaries on this machine (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((entry) => /^\d+$/.test(entry) && existsSync(path.join(root, entry, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

function postgresUser(): RunAs | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

type PgClient = {
	connect(): Promise<void>;
	query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
	end(): Promise<void>;
};

/**
 * initdb + postgres on `port`, then `CREATE ROLE … LOGIN PASSWORD` and `CREATE DATABASE … OWNER` for n8n. The role
 * logs in over TCP with scram-sha-256, so n8n's password is really checked; the superuser only over the socket.
 */
export async function startPostgres(options: {
	port: number;
	logFile: string;
	/** n8n's node_modules, for its `pg` driver. */
	n8nModules: string;
}): Promise<PostgresServer> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('Postgres server binaries not found under /usr/lib/postgresql: run scripts/install-queue-deps.sh');
	const runAs = postgresUser();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'terra-queue-pg-'));
	const dataDir = path.join(dir, 'data');
	mkdirSync(dataDir, { mode: 0o700 });
	if (runAs) {
		chownSync(dir, runAs.uid, runAs.gid);
		chownSync(dataDir, runAs.uid, runAs.gid);
	}
	const removeDir = () => rmSync(dir, { recursive: true, force: true });
	// Also when the command is interrupted (processes.ts kills the server on exit first).
	process.once('exit', removeDir);

	const initdb = await runCommand(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale'],
		{ cwd: dir, runAs, timeoutMs: 180_000 },
	);
	if (initdb.code !== 0) {
		removeDir();
		throw new Error(`initdb failed:\n${initdb.stdout}${initdb.stderr}`);
	}
	const server = startProcess(
		'postgres',
		path.join(bin, 'postgres'),
		['-D', dataDir, '-p', String(options.port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
		{ cwd: dir, logFile: options.logFile, runAs, stopSignal: 'SIGINT' },
	);

	const psql = async (sql: string) => {
		const result = await runCommand(
			path.join(bin, 'psql'),
			['-h', dir, '-p', String(options.port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAtc', sql],
			{ cwd: dir, runAs, timeoutMs: 30_000 },
		);
		if (result.code !== 0) throw new Error(`psql ${sql}: ${result.stderr.trim()}`);
		return result.stdout.trim();
	};
	const connection: PostgresConnection = {
		host: '127.0.0.1',
		port: options.port,
		database: 'n8n',
		user: 'n8n',
		password: 'n8n-queue-test-not-a-secret',
	};
	try {
		const version = await waitFor('Postgres to accept connections', () => psql('show server_version'), {
			timeoutMs: 60_000,
			intervalMs: 200,
			alive: () => {
				if (!server.isRunning()) throw new Error(`postgres exited early:\n${server.logTail()}`);
			},
		});
		await psql(`create role ${connection.user} login password '${connection.password}'`);
		await psql(`create database ${connection.database} owner ${connection.user}`);

		const { Client } = require(path.join(options.n8nModules, 'pg')) as { Client: new (config: object) => PgClient };
		const query = async <Row>(sql: string, params: unknown[] = []): Promise<Row[]> => {
			const client = new Client({ ...connection });
			await client.connect();
			try {
				return (await client.query(sql, params)).rows as Row[];
			} finally {
				await client.end();
			}
		};
		return {
			connection,
			process: server,
			version,
			query,
			async stop() {
				await server.stop(20_000);
				removeDir();
			},
		};
	} catch (error) {
		await server.stop(5_000);
		removeDir();
		throw error;
	}
}
