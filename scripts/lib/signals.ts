/**
 * One Ctrl-C / SIGTERM behaviour for every long-running command (demo, emulator, benchmark, test runners): the first
 * signal runs `stop` (which should stop what the command started) and exits with its code; a second signal exits
 * at once, so a stuck stop can always be interrupted.
 */
export function onShutdown(stop: (signal: NodeJS.Signals) => Promise<number | void>, defaultCode = 130): void {
	let stopping = false;
	const handle = (signal: NodeJS.Signals) => {
		if (stopping) process.exit(defaultCode);
		stopping = true;
		void stop(signal).then(
			(code) => process.exit(typeof code === 'number' ? code : defaultCode),
			(error: unknown) => {
				console.error(`while stopping: ${(error as Error).message}`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', handle);
	process.on('SIGTERM', handle);
}

/** Runs a command's `main` and exits with its code; an error it throws is printed and exits 1. */
export function runCommand(main: () => Promise<number>): void {
	main().then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
