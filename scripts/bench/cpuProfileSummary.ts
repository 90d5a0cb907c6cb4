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
	children?: number[];
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
	// The package a file belongs to is named after its last node_modules/ (n8n's own install path may contain ours).
	const at = url.lastIndexOf('node_modules/');
	if (at >= 0) {
		const [scope, name] = url.slice(at + 'node_modules/'.length).split('/');
		return scope.startsWith('@') ? `${scope}/${name}` : scope;
	}
	if (url.startsWith('node:')) return 'node';
	return functionName ? `(${functionName})` : '(native)';
}

function summarise(file: string) {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfUs = new Map<number, number>();
	profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const owners = new Map<string, number>();
	// Time under one of our functions, callees included (crypto, JSON.parse, n8n helpers it calls), by the innermost
	// of ours on the stack: where the package's time goes.
	const ours = new Map<string, number>();
	let oursInclusiveUs = 0;
	for (const [id, us] of selfUs) {
		const { url, functionName } = byId.get(id)!.callFrame;
		const owner = ownerOf(url, functionName);
		owners.set(owner, (owners.get(owner) ?? 0) + us);
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const frame = byId.get(at)!.callFrame;
			if (ownerOf(frame.url, frame.functionName) !== PACKAGE) continue;
			const key = `${frame.functionName || '(anonymous)'} ${frame.url.slice(frame.url.lastIndexOf(`/${PACKAGE}/`) + PACKAGE.length + 2)}:${frame.lineNumber + 1}`;
			ours.set(key, (ours.get(key) ?? 0) + us);
			oursInclusiveUs += us;
			break;
		}
	}
	return { totalUs: profile.endTime - profile.startTime, owners, ours, oursInclusiveUs };
}

function main(): void {
	const dir = process.argv[2];
	if (!dir) throw new Error('usage: cpuProfileSummary.ts <dir with .cpuprofile files> [--deliveries=N]');
	const deliveries = Number(process.argv.find((arg) => arg.startsWith('--deliveries='))?.split('=')[1] ?? NaN);
	const top = (map: Map<string, number>, count: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
	for (const name of readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'))) {
		const { totalUs, owners, ours, oursInclusiveUs } = summarise(path.join(dir, name));
		const oursUs = owners.get(PACKAGE) ?? 0;
		const perDelivery = (us: number) => (Number.isFinite(deliveries) ? ` = ${(us / 1000 / deliveries).toFixed(2)} ms per delivery (${deliveries})` : '');
		console.log(
			`\n${name}: ${(totalUs / 1e6).toFixed(1)} s profiled; ${PACKAGE}: ${(oursUs / 1000).toFixed(0)} ms self time${perDelivery(oursUs)}; ` +
				`${(oursInclusiveUs / 1000).toFixed(0)} ms with what it calls${perDelivery(oursInclusiveUs)}`,
		);
		for (const [owner, us] of top(owners, 12)) console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms  ${owner}`);
		if (oursInclusiveUs > 0) {
			console.log(`  ${PACKAGE}, by function (with what it calls):`);
			for (const [fn, us] of top(ours, 12)) console.log(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${fn}`);
		}
	}
}

main();
