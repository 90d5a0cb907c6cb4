/**
 * The results as a small SVG chart: one bar per row, its ratio (ours ÷ alternative) on a common scale from 0 to 2,
 * with the row's target as a tick (for P2 the bar must reach past it, for the others stay inside it), green when the
 * row meets its target, red when not, grey for context rows; skipped rows say so. Plain SVG, no fonts to load.
 */
import type { ResultRow } from './model';
import { ratioText, targetText } from './report';

const WIDTH = 760;
const LABEL = 230;
const SCALE_MAX = 2;
const BAR_AREA = 400;
const ROW = 24;
const TOP = 44;

const COLOURS = { pass: '#2da44e', fail: '#cf222e', context: '#8c959f', skipped: '#bf8700' };

function escape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const x = (ratio: number) => LABEL + (Math.min(ratio, SCALE_MAX) / SCALE_MAX) * BAR_AREA;

export function chartSvg(rows: ResultRow[], caption: string): string {
	const height = TOP + rows.length * ROW + 40;
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
		`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
		`<text x="12" y="20" font-size="14" font-weight="600" fill="#1f2328">n8n-nodes-terra: ours ÷ the alternative a user would build (bar) and the target (tick)</text>`,
		`<text x="12" y="36" fill="#57606a">${escape(caption)}</text>`,
	];
	for (const ratio of [0, 0.5, 1, 1.5, 2]) {
		parts.push(`<line x1="${x(ratio)}" y1="${TOP - 4}" x2="${x(ratio)}" y2="${TOP + rows.length * ROW}" stroke="#d0d7de" stroke-width="${ratio === 1 ? 1.5 : 0.5}"/>`);
		parts.push(`<text x="${x(ratio)}" y="${TOP + rows.length * ROW + 14}" text-anchor="middle" fill="#57606a">${ratio === 2 ? '≥ 2' : ratio}</text>`);
	}
	rows.forEach((row, index) => {
		const y = TOP + index * ROW;
		parts.push(`<text x="${LABEL - 8}" y="${y + 15}" text-anchor="end" fill="#1f2328">${escape(row.id)}</text>`);
		if (row.ratio === null || !Number.isFinite(row.ratio)) {
			parts.push(`<text x="${LABEL + 4}" y="${y + 15}" fill="${COLOURS[row.status]}">${escape(row.status === 'skipped' ? row.note ?? 'skipped' : row.ours)}</text>`);
			return;
		}
		parts.push(`<rect x="${LABEL}" y="${y + 4}" width="${Math.max(1, x(row.ratio) - LABEL)}" height="${ROW - 8}" rx="2" fill="${COLOURS[row.status]}"/>`);
		if (row.target) parts.push(`<line x1="${x(row.target.value)}" y1="${y + 1}" x2="${x(row.target.value)}" y2="${y + ROW - 1}" stroke="#1f2328" stroke-width="2"/>`);
		parts.push(`<text x="${LABEL + BAR_AREA + 10}" y="${y + 15}" fill="#1f2328">${escape(`${ratioText(row)}  (target ${targetText(row.target)}) ${row.status === 'fail' ? '✗' : row.status === 'pass' ? '✓' : ''}`)}</text>`);
	});
	parts.push(`<text x="12" y="${height - 8}" fill="#57606a">P2 compares deliveries per second (higher is better, target: at least); every other row time or memory (lower is better, target: at most).</text>`);
	parts.push('</svg>');
	return `${parts.join('\n')}\n`;
}
