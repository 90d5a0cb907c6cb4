/**
 * P3, verification cost, without n8n: the Terra Trigger's verifyTerraDelivery (the built one, dist/) on a genuine
 * delivery carrying both signature headers (what Terra sends), against the least any verifier must do: one
 * HMAC-SHA256 over the same bytes, createHmac(…).update(`${t}.`).update(body).digest().
 *
 * It runs in a child process on the Node that runs n8n (Node 24), with --expose-gc. Time: batches of calls, the two
 * alternating (which goes first rotates), per-call time from each batch, the median over the rounds. Memory: the
 * growth of process.memoryUsage().arrayBuffers across one call after a garbage collection, median over the rounds:
 * a copy of the body shows up as at least the body's size. Agreement: the verifier accepts every delivery, and the
 * signature sent equals the bare HMAC.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';

import { n8nRuntime, REPO } from '../lib/runtime';
import type { BenchContext, ResultRow, ScenarioResult } from './model';
import { comparisonRow, median } from './stats';

type Verifier = typeof import('../../nodes/TerraTrigger/verifySignature');

const SECRET = 'bench-verification-secret';

export interface VerificationSize {
	label: string;
	bytes: number;
	/** Calls per timed batch: enough for a batch of some milliseconds. */
	batch: number;
}

export const VERIFICATION_SIZES: VerificationSize[] = [
	{ label: '1 KB', bytes: 1024, batch: 4000 },
	{ label: '1 MB', bytes: 1024 ** 2, batch: 24 },
	{ label: '20 MB', bytes: 20 * 1024 ** 2, batch: 2 },
];

export interface VerificationResult {
	size: VerificationSize;
	rounds: number;
	/** Median time of one call, in milliseconds. */
	oursMs: number;
	baselineMs: number;
	/** Median arrayBuffers growth across one call, in bytes. */
	oursExtraBytes: number;
	baselineExtraBytes: number;
	/** A delivery whose two headers both fail (same t): HMACs computed for it. */
	forgedHashes: number;
	agreed: boolean;
	disagreement?: string;
}

/** A JSON body of exactly `bytes` bytes, shaped like a Terra data event. */
export function eventBody(bytes: number): Buffer {
	const head = '{"type":"daily","user":{"user_id":"bench-user","provider":"GARMIN"},"data":[{"samples":"';
	const tail = '"}]}';
	const filler = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(bytes / 36)).slice(0, Math.max(0, bytes - head.length - tail.length));
	return Buffer.from(head + filler + tail, 'utf8');
}

/** Headers as n8n hands them to the trigger: lower-case names, both signature headers, Terra's other headers. */
function deliveryHeaders(signature: string, bytes: number): Record<string, string> {
	return {
		host: '127.0.0.1:5678',
		'user-agent': 'Terra-Webhook/1.0',
		'content-length': String(bytes),
		'content-type': 'application/json',
		'terra-reference': 'b8a1d0e4-6a4c-4a55-9f38-0d0f3c0b2f11',
		'x-terra-trace-id': 'b8a1d0e4-6a4c-4a55-9f38-0d0f3c0b2f11',
		'x-terra-ordering-timestamp': '1751328000000',
		'terra-signature': signature,
		'x-terra-signature': signature,
		'accept-encoding': 'gzip, deflate',
		connection: 'keep-alive',
	};
}

function extraBytes(call: () => unknown): number {
	(globalThis as { gc?: () => void }).gc?.();
	const before = process.memoryUsage().arrayBuffers;
	const kept = call();
	const after = process.memoryUsage().arrayBuffers;
	return kept === null ? NaN : Math.max(0, after - before);
}

function timeBatch(batch: number, call: () => unknown): number {
	const started = process.hrtime.bigint();
	for (let index = 0; index < batch; index++) call();
	return Number(process.hrtime.bigint() - started) / 1e6 / batch;
}

/** Counts createHmac calls while `call` runs (the verifier reads crypto.createHmac at call time). */
function countHashes(call: () => unknown): number {
	const crypto = require('node:crypto') as { createHmac: typeof createHmac };
	const real = crypto.createHmac;
	let count = 0;
	crypto.createHmac = ((...args: Parameters<typeof createHmac>) => {
		count++;
		return real(...args);
	}) as typeof createHmac;
	try {
		call();
	} finally {
		crypto.createHmac = real;
	}
	return count;
}

export function measureVerification(verifier: Verifier, size: VerificationSize, rounds: number): VerificationResult {
	const body = eventBody(size.bytes);
	const timestamp = Math.floor(Date.now() / 1000);
	const prefix = `${timestamp}.`;
	const expected = createHmac('sha256', SECRET).update(prefix).update(body).digest('hex');
	const headers = deliveryHeaders(`t=${timestamp},v1=${expected}`, body.length);
	let disagreement: string | undefined;
	const ours = () => {
		const result = verifier.verifyTerraDelivery({ rawBody: body, headers, secret: SECRET, toleranceSeconds: 300 });
		if (!result.valid) disagreement ??= `verifyTerraDelivery refused it: ${result.reason}`;
		return result;
	};
	const baseline = () => createHmac('sha256', SECRET).update(prefix).update(body).digest();
	const forged = deliveryHeaders(`t=${timestamp},v1=${'0'.repeat(64)}`, body.length);
	const forgedHashes = countHashes(() => verifier.verifyTerraDelivery({ rawBody: body, headers: forged, secret: SECRET }));

	const times = { ours: [] as number[], baseline: [] as number[] };
	const memory = { ours: [] as number[], baseline: [] as number[] };
	// One untimed batch each: the first calls pay for lazy initialisation and compilation.
	timeBatch(size.batch, ours);
	timeBatch(size.batch, baseline);
	for (let round = 0; round < rounds; round++) {
		for (const who of round % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const)) {
			const call = who === 'ours' ? ours : baseline;
			times[who].push(timeBatch(size.batch, call));
			memory[who].push(extraBytes(call));
		}
	}
	return {
		size,
		rounds,
		oursMs: median(times.ours),
		baselineMs: median(times.baseline),
		oursExtraBytes: median(memory.ours),
		baselineExtraBytes: median(memory.baseline),
		forgedHashes,
		agreed: disagreement === undefined && forgedHashes === 1,
		disagreement: disagreement ?? (forgedHashes === 1 ? undefined : `a forged delivery with both headers was hashed ${forgedHashes} times`),
	};
}

function formatTime(value: number): string {
	return value >= 1 ? `${value.toFixed(1)} ms` : `${(value * 1000).toFixed(1)} µs`;
}

function formatBytes(value: number): string {
	return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MB` : value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : `${Math.round(value)} B`;
}

/** P3 in the benchmark: the measurement in a Node 24 child process, one row per body size. */
export async function runVerificationScenario(context: BenchContext): Promise<ScenarioResult> {
	const rounds = context.quick ? 3 : 21;
	const tsNode = path.join(REPO, 'node_modules', 'ts-node', 'dist', 'bin.js');
	const { stdout } = await promisify(execFile)(
		n8nRuntime().node,
		['--expose-gc', tsNode, '--transpile-only', '-P', path.join(REPO, 'tsconfig.dev.json'), __filename, '--json', String(rounds)],
		{ cwd: REPO, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 },
	);
	const results = JSON.parse(stdout.slice(stdout.indexOf('['))) as VerificationResult[];
	const rows: ResultRow[] = [];
	const failures: string[] = [];
	for (const result of results) {
		const { size } = result;
		const memoryShare = result.oursExtraBytes / size.bytes;
		context.log(
			`  ${size.label.padEnd(6)} verifyTerraDelivery ${formatTime(result.oursMs)}, bare HMAC ${formatTime(result.baselineMs)}; extra memory ${formatBytes(result.oursExtraBytes)} (${memoryShare.toFixed(3)}× the body); a forged delivery with both headers: ${result.forgedHashes} hash`,
		);
		if (!result.agreed) failures.push(`P3 ${size.label}: ${result.disagreement}`);
		const row = comparisonRow(
			{
				group: 'P3',
				id: `P3 verify ${size.label}`,
				scenario: `verifyTerraDelivery on a ${size.label} body with both signature headers vs createHmac().update(prefix).update(body).digest(); extra memory ≤ 0.1× the body`,
				ours: `${formatTime(result.oursMs)}, +${formatBytes(result.oursExtraBytes)}`,
				alternative: formatTime(result.baselineMs),
				target: { op: '<=', value: 1.1 },
				values: result as unknown as Record<string, unknown>,
			},
			result.oursMs,
			result.baselineMs,
			!result.agreed,
		);
		if (memoryShare > 0.1 && row.status === 'pass') {
			row.status = 'fail';
			row.note = `extra memory ${memoryShare.toFixed(2)}× the body`;
		}
		rows.push(row);
	}
	return { rows, failures, details: { results } };
}

if (require.main === module) {
	const rounds = Number(process.argv[process.argv.indexOf('--json') + 1] ?? 15);
	const verifier = require(path.join(REPO, 'dist', 'nodes', 'TerraTrigger', 'verifySignature.js')) as Verifier;
	const results = VERIFICATION_SIZES.map((size) => measureVerification(verifier, size, rounds));
	console.log(JSON.stringify(results));
}
