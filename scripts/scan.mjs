// `npm run scan`: the lint legs of @n8n/scan-community-package (n8n's gate for verified community nodes), run
// offline with the scanner's own config and allowInlineConfig: false. The real scanner first fetches the npm
// packument, checks provenance and downloads the attested source from GitHub; those steps need the network and a
// published release, so this script runs the same ESLint analysis on (1) the source files the scanner reads from the
// repository and (2) the tarball `npm pack` produces. Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let failed = false;

async function leg(name, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	console.log(`${result.passed ? 'PASS' : 'FAIL'} ${name}${result.message ? `: ${result.message}` : ''}`);
	if (!result.passed) {
		failed = true;
		if (result.details) console.log(result.details);
	}
}

await leg('source (package.json, nodes/, credentials/)', root, SOURCE_FILE_PATTERNS);

const work = mkdtempSync(path.join(tmpdir(), 'terra-scan-'));
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' })
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['xzf', path.join(work, tarball), '-C', work]);
	await leg(`published tarball (${tarball})`, path.join(work, 'package'), undefined);
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
