/*
 * Loaded into the benchmark's `n8n execute` processes with NODE_OPTIONS=--require: when the process exits, it writes
 * its own peak resident memory (getrusage's ru_maxrss, the kernel's VmHWM) to $TERRA_BENCH_RSS_DIR/<pid>.json, with
 * its arguments, so the benchmark can tell the n8n process from any helper process it started.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.TERRA_BENCH_RSS_DIR;
if (dir) {
	process.on('exit', () => {
		try {
			const report = { pid: process.pid, argv: process.argv.slice(1), maxRssBytes: process.resourceUsage().maxRSS * 1024 };
			fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(report));
		} catch {
			// a report is best effort: the benchmark says "unknown" without it
		}
	});
}
