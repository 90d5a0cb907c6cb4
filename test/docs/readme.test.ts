import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { END_MARKER, operationsTable, START_MARKER } from '../../scripts/operations-table';

const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
	it('has the operations table generated from the node (run `npm run docs:operations` after changing operations)', () => {
		const start = readme.indexOf(START_MARKER);
		const end = readme.indexOf(END_MARKER);
		expect(start).toBeGreaterThan(-1);
		expect(readme.slice(start + START_MARKER.length, end).trim()).toBe(operationsTable());
	});

	it('lists all 41 endpoints', () => {
		expect(operationsTable().match(/`(GET|POST|PATCH|DELETE) \//g)).toHaveLength(41);
	});

	it('links only to files that exist in the repository', () => {
		const links = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)].map((match) => match[1]);
		expect(links.length).toBeGreaterThan(0);
		for (const link of links) expect(existsSync(path.join(__dirname, '..', '..', link))).toBe(true);
	});
});
