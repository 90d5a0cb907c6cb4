/*
 * Loaded into a profiled `n8n execute` process (scripts/bench/profile.ts) with NODE_OPTIONS=--require: at exit it
 * writes how the V8 CPU profile's clock (monotonic microseconds, the same clock as process.hrtime) maps to Unix ms,
 * so a node run's startTime and executionTime from n8n's run data can be found in the profile.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.TERRA_BENCH_CLOCK_DIR;
if (dir) {
	const epochMs = Date.now();
	const monotonicUs = Number(process.hrtime.bigint() / 1000n);
	process.on('exit', () => {
		try {
			fs.writeFileSync(path.join(dir, `${process.pid}.clock.json`), JSON.stringify({ pid: process.pid, argv: process.argv.slice(1), epochMs, monotonicUs }));
		} catch {
			// best effort: the profile is then not sliced
		}
	});
}
