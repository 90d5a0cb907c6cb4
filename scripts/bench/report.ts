/**
 * What a bench run reports: one table (scenario, ours, alternative, ratio, target, result) on stdout with the machine
 * and load it ran on; everything, samples included, as JSON in node_modules/.cache/n8n-nodes-terra/bench/results.json
 * (plus a copy per run in history/); and the table as Markdown with an SVG chart (markdown.ts, chart.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { bold, dim, green, red, yellow } from '../lib/terminal';
import { n8nRuntime, packageManifest, REPO } from '../lib/runtime';
import type { Stack } from '../lib/stack';
import type { ResultRow, Sample, Target } from './model';

export function machineFacts(stack: Stack | undefined) {
	let n8nVersion = 'unknown';
	let n8nNode = 'unknown';
	try {
		const runtime = n8nRuntime();
		n8nVersion = runtime.n8nVersion;
		n8nNode = execFileSync(runtime.node, ['-v'], { encoding: 'utf8' }).trim();
	} catch {
		// no runtime (setup failed): reported as unknown
	}
	let commit = 'unknown';
	try {
		commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8' }).trim();
		if (dirty) commit += ' (with uncommitted changes)';
	} catch {
		// not a git checkout
	}
	const cpus = os.cpus();
	return {
		cores: cpus.length,
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		memoryGb: Math.round(os.totalmem() / 2 ** 30),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		nodeBench: process.version,
		nodeN8n: n8nNode,
		n8n: n8nVersion,
		package: `${packageManifest().name} ${packageManifest().version}`,
		commit,
		emulator: stack?.emulator.url,
	};
}

export type MachineFacts = ReturnType<typeof machineFacts>;

export function targetText(target: Target | null): string {
	return target ? `${target.op === '<=' ? '≤' : '≥'} ${target.value}` : '–';
}

export function ratioText(row: ResultRow): string {
	return row.ratio === null || !Number.isFinite(row.ratio) ? '–' : `${row.ratio.toFixed(2)}×`;
}

export function resultText(row: ResultRow): string {
	return { pass: 'pass', fail: 'FAIL', skipped: 'skipped', context: 'context' }[row.status];
}

/** The table as aligned text columns, coloured by result. */
function table(rows: ResultRow[]): string {
	const header = ['scenario', 'ours', 'alternative', 'ratio', 'target', 'result'];
	const body = rows.map((row) => [row.id, row.ours, row.alternative, ratioText(row), targetText(row.target), resultText(row)]);
	const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => (column === 3 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
	const colour = (row: ResultRow, text: string) => (row.status === 'pass' ? green(text) : row.status === 'fail' ? red(text) : row.status === 'skipped' ? yellow(text) : text);
	return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...body.map((cells, index) => colour(rows[index], line(cells)))].join('\n');
}

/** Word-wraps `text` to `width` columns, every line indented, continuation lines twice. */
function wrap(text: string, width: number, indent: string): string {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + word.length + 1 > width) {
			lines.push(line);
			line = `  ${word}`;
		} else {
			line = line ? `${line} ${word}` : word;
		}
	}
	if (line) lines.push(line);
	return lines.map((part) => `${indent}${part}`).join('\n');
}

export interface BenchRun {
	startedAt: Date;
	finishedAt: Date;
	quick: boolean;
	rounds: number;
	machine: MachineFacts;
	loadBefore: number[];
	loadAfter: number[];
	rows: ResultRow[];
	samples: Sample[];
	failures: string[];
	details: Record<string, unknown>;
}

export function machineLine(run: BenchRun): string {
	const { machine, loadBefore, loadAfter } = run;
	return `${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB; n8n ${machine.n8n} on Node ${machine.nodeN8n}; load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after`;
}

export function printReport(run: BenchRun): void {
	console.log(`\n${bold(`Results${run.quick ? ' (--quick: a smoke test; its timings mean nothing)' : ''}`)}`);
	console.log(table(run.rows));
	const legend = [
		'ratio: ours / alternative (P2: our deliveries per second / theirs; the rest: time or memory). Timings are medians over the rounds; a result never fails the run, only a functional failure does.',
		...run.rows.flatMap((row) => [`${row.id}: ${row.scenario}.`, ...(row.note ? [`  ${row.note}`] : [])]),
		`machine: ${machineLine(run)}; ${run.machine.os}.`,
		`software: the benchmark on Node ${run.machine.nodeBench}; ${run.machine.package} at ${run.machine.commit}; ${Math.round((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000)} s in all.`,
	];
	for (const text of legend) console.log(dim(wrap(text, 116, '  ')));
}

/** Writes the run as JSON to `<state>/results.json` and `<state>/history/<start time>.json`; returns results.json's path. */
export function saveResults(state: string, run: BenchRun): string {
	const results = {
		startedAt: run.startedAt.toISOString(),
		finishedAt: run.finishedAt.toISOString(),
		quick: run.quick,
		rounds: run.rounds,
		machine: { ...run.machine, loadAverageBefore: run.loadBefore, loadAverageAfter: run.loadAfter },
		rows: run.rows,
		details: run.details,
		samples: run.samples,
		failures: run.failures,
	};
	const history = path.join(state, 'history');
	mkdirSync(history, { recursive: true });
	const text = `${JSON.stringify(results, null, 2)}\n`;
	const file = path.join(state, 'results.json');
	writeFileSync(file, text);
	writeFileSync(path.join(history, `${run.startedAt.toISOString().replace(/[:.]/g, '-')}.json`), text);
	return file;
}
