/**
 * The results as Markdown: docs/performance.md (the table, every row's scenario in words, the machine and how to run
 * it again), written by a full `npm run bench` that ran every scenario; the README links that page rather than
 * repeating its table. A quick or partial run writes its Markdown and chart beside results.json instead.
 */
import { readFileSync } from 'node:fs';

import type { ResultRow } from './model';
import { machineLine, ratioText, resultText, targetText, type BenchRun } from './report';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function markdownTable(rows: ResultRow[]): string {
	const lines = ['| Scenario | Ours | Alternative | Ratio | Target | Result |', '| --- | --- | --- | ---: | --- | --- |'];
	for (const row of rows) {
		const result = row.status === 'fail' ? '**fail**' : resultText(row);
		lines.push(`| ${cell(row.id)} | ${cell(row.ours)} | ${cell(row.alternative)} | ${ratioText(row)} | ${targetText(row.target)} | ${result} |`);
	}
	return lines.join('\n');
}

export function runCaption(run: BenchRun): string {
	return `${run.finishedAt.toISOString().slice(0, 10)}, ${machineLine(run)}`;
}

/** docs/performance.md below this line is written by hand (measurements of one scenario with their setting) and kept. */
export const HAND_WRITTEN_MARKER = '<!-- hand-written below: kept by npm run bench -->';

/** The hand-written part of an existing performance.md, from HAND_WRITTEN_MARKER on ('' when there is none). */
export function handWrittenPart(file: string): string {
	try {
		const text = readFileSync(file, 'utf8');
		const at = text.indexOf(HAND_WRITTEN_MARKER);
		return at < 0 ? '' : `\n${text.slice(at)}`;
	} catch {
		return '';
	}
}

export function performanceMarkdown(run: BenchRun, chartFile: string): string {
	const minutes = Math.round((run.finishedAt.getTime() - run.startedAt.getTime()) / 60_000);
	return [
		'# Performance',
		'',
		`Measured by \`npm run bench\` (${minutes} minutes) on ${runCaption(run)}; ${run.machine.package} at ${run.machine.commit}. Every ratio compares two contenders measured in the same run, on the same machine, against the same Terra emulator; absolute times are context only. Every scenario's results were checked for agreement (same records in the same order, the same requests) before its time counted. How the benchmark works: [development.md](development.md#benchmark).`,
		'',
		`![Ratio per scenario: ours ÷ the alternative, with its target](${chartFile})`,
		'',
		markdownTable(run.rows),
		'',
		'**What each row compares**',
		'',
		...run.rows.map((row) => `- **${row.id}**: ${row.scenario}.${row.note ? ` ${row.note[0].toUpperCase()}${row.note.slice(1)}.` : ''}`),
		'',
	].join('\n');
}
