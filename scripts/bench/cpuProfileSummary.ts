/**
 * Where a process's CPU went, from the .cpuprofile files Node writes with --cpu-prof (e.g. `npm run bench --
 * --scenario=P2 --quick --n8n-env=NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof"`): self time per package and,
 * inside this package, per function. Usage: ts-node scripts/bench/cpuProfileSummary.ts <dir> [--deliveries=N]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

const PACKAGE = 'n8n-nodes-terra';

/** The owner of a frame: this package, an npm package by name, Node itself, or V8 (GC, idle, program). */
function ownerOf(url: string, functionName: string): string {
	if (url.includes(`/${PACKAGE}/`)) return PACKAGE;
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(url);
	if (match) return match[1];
	if (url.startsWith('node:')) return 'node';
	return functionName ? `(${functionName})` : '(native)';
}

function summarise(file: string) {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfUs = new Map<number, number>();
	profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
	const owners = new Map<string, number>();
	const ours = new Map<string, number>();
	for (const [id, us] of selfUs) {
		const { url, functionName, lineNumber } = byId.get(id)!.callFrame;
		const owner = ownerOf(url, functionName);
		owners.set(owner, (owners.get(owner) ?? 0) + us);
		if (owner === PACKAGE) {
			const key = `${functionName || '(anonymous)'} ${url.slice(url.indexOf(`/${PACKAGE}/`) + PACKAGE.length + 2)}:${lineNumber + 1}`;
			ours.set(key, (ours.get(key) ?? 0) + us);
		}
	}
	return { totalUs: profile.endTime - profile.startTime, owners, ours };
}

function main(): void {
	const dir = process.argv[2];
	if (!dir) throw new Error('usage: cpuProfileSummary.ts <dir with .cpuprofile files> [--deliveries=N]');
	const deliveries = Number(process.argv.find((arg) => arg.startsWith('--deliveries='))?.split('=')[1] ?? NaN);
	const top = (map: Map<string, number>, count: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
	for (const name of readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'))) {
		const { totalUs, owners, ours } = summarise(path.join(dir, name));
		const oursUs = owners.get(PACKAGE) ?? 0;
		console.log(`\n${name}: ${(totalUs / 1e6).toFixed(1)} s profiled; ${PACKAGE} ${(oursUs / 1000).toFixed(0)} ms self time` +
			(Number.isFinite(deliveries) ? ` = ${(oursUs / 1000 / deliveries).toFixed(2)} ms per delivery (${deliveries})` : ''));
		for (const [owner, us] of top(owners, 12)) console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms  ${owner}`);
		if (oursUs > 0) {
			console.log(`  ${PACKAGE}, by function:`);
			for (const [fn, us] of top(ours, 12)) console.log(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${fn}`);
		}
	}
}

main();
