import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import {
	END_MARKER,
	OPERATIONS_PAGE,
	operationsSummary,
	operationsTable,
	README,
	SIMPLIFIED_END_MARKER,
	SIMPLIFIED_START_MARKER,
	simplifiedTable,
	START_MARKER,
	SUMMARY_END_MARKER,
	SUMMARY_START_MARKER,
	TERRA_NODE_PAGE,
} from '../../scripts/operations-table';
import { TERRA_ENDPOINTS } from '../../nodes/Terra/endpoints';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(file, 'utf8');

/**
 * Files the README links to that other branches of the same release add (the changelog, the compatibility results
 * and the one-table recipe). Until they exist, a link to them is allowed; once a file exists it must leave this list
 * (the last test below fails until it does), so every link is checked in full again.
 */
const PENDING: string[] = [];

function generated(text: string, start: string, end: string): string {
	const from = text.indexOf(start);
	const to = text.indexOf(end);
	expect(from).toBeGreaterThan(-1);
	expect(to).toBeGreaterThan(from);
	return text.slice(from + start.length, to).trim();
}

/** Markdown text without fenced code blocks and inline code, where link syntax is not a link. */
function prose(markdown: string): string {
	return markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
}

/**
 * GitHub's heading anchors: the heading's text (inline code, emphasis and link targets dropped to their text),
 * lower-cased, without punctuation other than `-` and `_`, spaces turned into `-`; a repeated slug gets `-1`, `-2`, ….
 */
export function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	const withoutCode = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
	for (const [, heading] of withoutCode.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
		const text = heading
			.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/`([^`]*)`/g, '$1')
			.replace(/<[^>]+>/g, '')
			.replace(/(\*\*|__|\*)/g, '');
		const slug = text
			.toLowerCase()
			.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	for (const [, id] of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id);
	return anchors;
}

/** Every relative link and image of a Markdown file: [target file relative to the repository, anchor]. */
function relativeLinks(file: string): Array<{ target: string; anchor?: string; raw: string }> {
	const links = [];
	for (const [, raw] of prose(read(file)).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
		if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) continue;
		const [pathPart, anchor] = raw.split('#');
		const target = pathPart ? path.relative(ROOT, path.resolve(path.dirname(file), decodeURI(pathPart))) : path.relative(ROOT, file);
		links.push({ target: target.split(path.sep).join('/'), anchor: anchor ? decodeURIComponent(anchor) : undefined, raw });
	}
	return links;
}

const docsPages = readdirSync(path.join(ROOT, 'docs'))
	.filter((name) => name.endsWith('.md'))
	.map((name) => path.join(ROOT, 'docs', name));

describe('README', () => {
	const readme = read(README);

	it('is at most 15,000 bytes', () => {
		expect(Buffer.byteLength(readme, 'utf8')).toBeLessThanOrEqual(15_000);
	});

	it('has the resource → operations summary generated from the node (run `npm run docs:operations` after changing operations)', () => {
		expect(generated(readme, SUMMARY_START_MARKER, SUMMARY_END_MARKER)).toBe(operationsSummary());
	});

	it('links the user guide pages', () => {
		for (const page of ['operations.md', 'terra-node.md', 'terra-trigger.md', 'self-hosting.md', 'troubleshooting.md', 'credentials.md', 'performance.md']) {
			expect(readme).toContain(`](docs/${page}`);
		}
	});
});

describe('docs/operations.md', () => {
	it('has the operations table generated from the node (run `npm run docs:operations` after changing operations)', () => {
		expect(generated(read(OPERATIONS_PAGE), START_MARKER, END_MARKER)).toBe(operationsTable());
	});

	it('lists every endpoint of the endpoint table', () => {
		const table = operationsTable();
		expect(table.match(/`(GET|POST|PATCH|PUT|DELETE) \//g)).toHaveLength(Object.keys(TERRA_ENDPOINTS).length);
		for (const endpoint of Object.values(TERRA_ENDPOINTS)) expect(table).toContain(`\`${endpoint.method} ${endpoint.path}\``);
	});
});

describe('docs/terra-node.md', () => {
	it('has the Simplified columns generated from the node’s data-type catalogue', () => {
		expect(generated(read(TERRA_NODE_PAGE), SIMPLIFIED_START_MARKER, SIMPLIFIED_END_MARKER)).toBe(simplifiedTable());
	});
});

describe('links in README.md, CONTRIBUTING.md and docs/*.md', () => {
	const files = [README, path.join(ROOT, 'CONTRIBUTING.md'), ...docsPages];

	it.each(files.map((file) => [path.relative(ROOT, file), file]))('%s: every relative link reaches a file, and every #anchor a heading in it', (_name, file) => {
		const links = relativeLinks(file);
		const broken: string[] = [];
		for (const { target, anchor, raw } of links) {
			const absolute = path.join(ROOT, target);
			if (!existsSync(absolute)) {
				if (!PENDING.includes(target) || anchor) broken.push(`${raw}: no file ${target}`);
				continue;
			}
			if (anchor && target.endsWith('.md') && !headingAnchors(read(absolute)).has(anchor)) {
				broken.push(`${raw}: ${target} has no heading with the anchor #${anchor}`);
			}
			if (anchor && statSync(absolute).isDirectory()) broken.push(`${raw}: an anchor on a folder`);
		}
		expect(broken).toEqual([]);
	});

	it('finds links (the link pattern matches this repository’s Markdown)', () => {
		expect(relativeLinks(README).length).toBeGreaterThan(20);
		expect(relativeLinks(README).some((link) => link.anchor)).toBe(true);
	});

	it('allows a missing file only while it is pending: a pending file that exists leaves the list', () => {
		expect(PENDING.filter((file) => existsSync(path.join(ROOT, file)))).toEqual([]);
	});
});

describe('GitHub heading anchors', () => {
	it('follow GitHub’s slug rules', () => {
		const anchors = headingAnchors(
			[
				'# Large deliveries and n8n’s size limit',
				'## `s3_payload` (Ping delivery)',
				'### Self-hosting → Queue mode',
				'## Repeats',
				'## Repeats',
				'```',
				'# not a heading',
				'```',
			].join('\n'),
		);
		expect([...anchors]).toEqual([
			'large-deliveries-and-n8ns-size-limit',
			's3_payload-ping-delivery',
			'self-hosting--queue-mode',
			'repeats',
			'repeats-1',
		]);
	});
});
