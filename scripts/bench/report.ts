/**
 * What a bench run reports: the results table and its legend on stdout (with the machine and software it ran on), and
 * everything, samples included, as JSON in node_modules/.cache/n8n-nodes-terra/bench/results.json (plus a copy per run
 * in history/).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { bold, dim } from '../lib/terminal';
import { n8nRuntime, packageManifest, REPO } from '../lib/runtime';
import type { Stack } from '../lib/stack';
import type { Row, Sample, Scenario } from './model';

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
		const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO, encoding: 'utf8' }).trim();
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

export function ms(value: number): string {
	return Number.isFinite(value) ? `${Math.round(value)} ms` : '–';
}

export function seconds(value: number): string {
	return Number.isFinite(value) ? `${(value / 1000).toFixed(1)} s` : '–';
}

function table(rows: Row[], scenarios: Scenario[]): string {
	const header = ['scenario', 'contender', 'call', 'N', 'node median', 'node p90', 'wall median', 'ratio'];
	const body = rows.map((row) => {
		const scenario = scenarios.find((candidate) => candidate.id === row.scenario)!;
		return [
			row.scenario,
			row.label,
			scenario.calls > 1 && !row.direct ? (row.call === 1 ? '1 (cold)' : `${row.call} (warm)`) : String(row.call),
			String(row.n),
			ms(row.nodeMedianMs),
			ms(row.nodeP90Ms),
			seconds(row.wallMedianMs),
			row.reference ? '1.00 (ref)' : Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : '–',
		];
	});
	const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
	const right = new Set([3, 4, 5, 6, 7]);
	const line = (cells: string[]) =>
		cells.map((cell, column) => (right.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
	return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...body.map(line)].join('\n');
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

export type MachineFacts = ReturnType<typeof machineFacts>;

/** The results table, then the legend: what the columns mean, each scenario's notes, the machine, the software. */
export function printReport(
	rows: Row[],
	scenarios: Scenario[],
	machine: MachineFacts,
	loadBefore: number[],
	loadAfter: number[],
): void {
	console.log(`\n${bold('Results')}`);
	console.log(table(rows, scenarios));
	const legend = [
		'node: the measured node’s executionTime in n8n’s run data (median, p90 by nearest rank); wall: the whole `n8n execute` process, including its start (~3 s) and printing the run; ratio: node median / the reference’s node median, same call. “no n8n” is the same GET with fetch and JSON.parse from the benchmark’s own process: what the emulator and the transfer cost, without any n8n.',
		...scenarios.flatMap((scenario) => scenario.notes.map((note) => `${scenario.id}: ${note}`)),
		`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ${machine.os}; load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after.`,
		`software: n8n ${machine.n8n} on Node ${machine.nodeN8n}; the benchmark on Node ${machine.nodeBench}; ${machine.package} at ${machine.commit}.`,
	];
	for (const text of legend) console.log(dim(wrap(text, 116, '  ')));
}

export interface BenchRun {
	startedAt: Date;
	runs: number;
	machine: MachineFacts;
	loadBefore: number[];
	loadAfter: number[];
	scenarios: Scenario[];
	rows: Row[];
	samples: Sample[];
	failures: string[];
}

/** Writes the run as JSON to `<state>/results.json` and `<state>/history/<start time>.json`; returns results.json's path. */
export function saveResults(state: string, run: BenchRun): string {
	const { startedAt, runs, machine, loadBefore, loadAfter, scenarios, rows, samples, failures } = run;
	const results = {
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		runs,
		machine: { ...machine, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
		scenarios: scenarios.map((scenario) => ({
			id: scenario.id,
			title: scenario.title,
			reference: scenario.reference,
			callsPerExecute: scenario.calls,
			notes: scenario.notes,
			contenders: scenario.contenders,
			rows: rows.filter((row) => row.scenario === scenario.id),
		})),
		samples,
		failures,
	};
	const history = path.join(state, 'history');
	mkdirSync(history, { recursive: true });
	const text = `${JSON.stringify(results, null, 2)}\n`;
	const file = path.join(state, 'results.json');
	writeFileSync(file, text);
	writeFileSync(path.join(history, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`), text);
	return file;
}
