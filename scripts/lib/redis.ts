/**
 * A throwaway Redis for the queue-mode test (n8n's Bull queue and pub/sub): Debian's `redis-server` in the
 * foreground as a managed process, on its own port on 127.0.0.1, without persistence. `command()` is a minimal
 * RESP client (enough for PING and for reading Bull's job records), so the test needs no Redis library.
 */
import net from 'node:net';

import { startProcess, waitFor, type ManagedProcess } from './processes';

export type RespValue = string | number | null | RespValue[];

export interface RedisServer {
	port: number;
	process: ManagedProcess;
	command(...args: string[]): Promise<RespValue>;
	stop(): Promise<void>;
}

/** Parses one RESP reply from `buffer` at `offset`; undefined when the reply is not complete yet. */
function parseReply(buffer: Buffer, offset = 0): { value: RespValue; end: number } | undefined {
	const lineEnd = buffer.indexOf('\r\n', offset);
	if (lineEnd < 0) return undefined;
	const kind = String.fromCharCode(buffer[offset]);
	const line = buffer.toString('utf8', offset + 1, lineEnd);
	const next = lineEnd + 2;
	switch (kind) {
		case '+':
			return { value: line, end: next };
		case '-':
			throw new Error(`redis: ${line}`);
		case ':':
			return { value: Number(line), end: next };
		case '$': {
			const length = Number(line);
			if (length < 0) return { value: null, end: next };
			if (buffer.length < next + length + 2) return undefined;
			return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
		}
		case '*': {
			const count = Number(line);
			if (count < 0) return { value: null, end: next };
			const values: RespValue[] = [];
			let position = next;
			for (let index = 0; index < count; index++) {
				const item = parseReply(buffer, position);
				if (!item) return undefined;
				values.push(item.value);
				position = item.end;
			}
			return { value: values, end: position };
		}
		default:
			throw new Error(`redis: unexpected reply ${JSON.stringify(buffer.toString('utf8', offset, lineEnd))}`);
	}
}

/** One command on its own connection. */
export function redisCommand(port: number, args: string[], timeoutMs = 10_000): Promise<RespValue> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let received = Buffer.alloc(0);
		const fail = (error: Error) => {
			socket.destroy();
			reject(error);
		};
		socket.setTimeout(timeoutMs, () => fail(new Error(`redis ${args[0]}: no answer in ${timeoutMs} ms`)));
		socket.on('error', fail);
		socket.on('connect', () => {
			socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
		});
		socket.on('data', (chunk) => {
			received = Buffer.concat([received, chunk]);
			try {
				const reply = parseReply(received);
				if (!reply) return;
				socket.end();
				resolve(reply.value);
			} catch (error) {
				fail(error as Error);
			}
		});
	});
}

export async function startRedis(options: { port: number; dir: string; logFile: string }): Promise<RedisServer> {
	const server = startProcess(
		'redis',
		'redis-server',
		['--port', String(options.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', options.dir],
		{ cwd: options.dir, logFile: options.logFile },
	);
	try {
		await waitFor('Redis to answer PING', async () => ((await redisCommand(options.port, ['PING'], 2_000)) === 'PONG' ? true : undefined), {
			timeoutMs: 30_000,
			intervalMs: 100,
			alive: () => {
				if (!server.isRunning()) throw new Error(`redis-server exited early (installed? scripts/install-queue-deps.sh):\n${server.logTail()}`);
			},
		});
	} catch (error) {
		await server.stop(5_000);
		throw error;
	}
	return {
		port: options.port,
		process: server,
		command: (...args: string[]) => redisCommand(options.port, args),
		stop: () => server.stop(10_000),
	};
}
