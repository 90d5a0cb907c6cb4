/**
 * Secrets never leave the credential: after every other check has run (thousands of executions, refused and faulty
 * deliveries, failing Terra calls), neither the API key nor the signing secret appears in anything n8n stored or
 * logged: its database (execution data included), binary data, its logs and the output `n8n execute` printed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { EMULATOR_API_KEY } from '../../../scripts/lib/stack';
import type { E2eContext } from './context';

/** Every file below `dir`, except the installed packages (code, not data). */
function filesUnder(dir: string, skip: (file: string) => boolean): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const file = path.join(dir, entry.name);
		if (skip(file)) continue;
		if (entry.isDirectory()) found.push(...filesUnder(file, skip));
		else if (entry.isFile()) found.push(file);
	}
	return found;
}

function occurrences(haystack: Buffer, needle: string): number {
	let count = 0;
	for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
	return count;
}

export async function secretsChecks(ctx: E2eContext): Promise<void> {
	const { n8n } = ctx.stack;
	const stored = filesUnder(path.join(n8n.userFolder, '.n8n'), (file) => file.endsWith(`${path.sep}nodes`));
	// The emulator's own log is Terra's side of the wire, where the key belongs.
	const logs = filesUnder(n8n.logDir, (file) => path.basename(file) === 'emulator.log');
	const printed = filesUnder(ctx.artifacts, (file) => !file.endsWith('.log'));
	const files = [...stored, ...logs, ...printed];
	const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
	await ctx.suite.check(
		`no API key or signing secret in ${files.length} files n8n wrote (database with every execution, binary data, logs, printed runs: ${(bytes / 1e6).toFixed(1)} MB)`,
		() => {
			const found = files.flatMap((file) => {
				const content = readFileSync(file);
				const hits = [
					['API key', occurrences(content, EMULATOR_API_KEY)],
					['signing secret', occurrences(content, ctx.signingSecret)],
				] as const;
				return hits.filter(([, count]) => count > 0).map(([what, count]) => `${what} ×${count} in ${path.relative(ctx.stack.n8n.options.root, file)}`);
			});
			assert.deepEqual(found, [], 'a secret n8n stored or logged');
		},
	);
}
