/**
 * `npm run emulator -- --port 4010 [--seed 42] [--users 8] [--webhook-url URL] [--signing-secret S]
 *   [--dev-id ID] [--api-key KEY] [--host 127.0.0.1] [--large-request-days N] [--s3-payload-mode]
 *   [--retry-base-ms N] [--retry-max-attempts N] [--latency-ms N] [--latency-per-day-ms N] [--quiet]`
 * Runs the Terra emulator until Ctrl-C / SIGTERM. Prints the base URLs, credentials and seeded users.
 */
import { parseArgs } from 'node:util';
import { startEmulator, type StartEmulatorOptions } from '../emulator';
import { onShutdown } from './lib/signals';

function intOption(value: string | undefined, name: string): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
	return n;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: process.env.TERRA_EMULATOR_PORT ?? '4010' },
			host: { type: 'string', default: '127.0.0.1' },
			seed: { type: 'string' },
			users: { type: 'string' },
			'webhook-url': { type: 'string' },
			'signing-secret': { type: 'string' },
			'dev-id': { type: 'string' },
			'api-key': { type: 'string' },
			'large-request-days': { type: 'string' },
			's3-payload-mode': { type: 'boolean' },
			'retry-base-ms': { type: 'string' },
			'retry-max-attempts': { type: 'string' },
			'latency-ms': { type: 'string' },
			'latency-per-day-ms': { type: 'string' },
			quiet: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) {
		console.log(
			'Usage: npm run emulator -- --port 4010 [--seed 42] [--users 8] [--webhook-url URL] [--signing-secret S] [--dev-id ID] [--api-key KEY]',
		);
		console.log(
			'       [--host H] [--large-request-days N] [--s3-payload-mode] [--retry-base-ms N] [--retry-max-attempts N]',
		);
		console.log(
			'       [--latency-ms N] [--latency-per-day-ms N] [--quiet]   (latency: added to every answer / per day of a data GET)',
		);
		return;
	}
	const options: StartEmulatorOptions = {
		port: intOption(values.port, 'port'),
		host: values.host,
		seed: intOption(values.seed, 'seed'),
		users: intOption(values.users, 'users'),
		webhookUrl: values['webhook-url'],
		signingSecret: values['signing-secret'],
		devId: values['dev-id'],
		apiKey: values['api-key'],
		largeRequestDays: intOption(values['large-request-days'], 'large-request-days'),
		s3PayloadMode: values['s3-payload-mode'],
		webhookRetry: {
			baseDelayMs: intOption(values['retry-base-ms'], 'retry-base-ms'),
			maxAttempts: intOption(values['retry-max-attempts'], 'retry-max-attempts'),
		},
		latency: {
			perRequestMs: intOption(values['latency-ms'], 'latency-ms'),
			perDayMs: intOption(values['latency-per-day-ms'], 'latency-per-day-ms'),
		},
		log: values.quiet ? undefined : (line) => console.log(`[${new Date().toISOString()}] ${line}`),
	};
	const emu = await startEmulator(options);
	console.log('');
	console.log('Terra emulator running');
	console.log(`  current API (problem+json errors):  ${emu.baseUrl}`);
	console.log(`  legacy API ({status,message} errors): ${emu.legacyBaseUrl}`);
	console.log(`  widget API:                          ${emu.url}/widget/session`);
	console.log(`  control API:                         ${emu.url}/__emulator/`);
	console.log(`  dev-id: ${emu.devId}    x-api-key: ${emu.apiKey}`);
	console.log(
		`  webhook: ${values['webhook-url'] ?? '(none: PUT /__emulator/webhook or pass --webhook-url)'}    signing secret: ${emu.signingSecret}`,
	);
	console.log('  users:');
	for (const u of emu.users)
		console.log(`    ${u.user_id}  ${u.provider.padEnd(9)} reference_id=${u.reference_id}`);
	console.log('');

	onShutdown(async (signal) => {
		console.log(`${signal}: stopping the Terra emulator`);
		await emu.close();
		return 0;
	});
}

main().catch((error) => {
	console.error(`emulator: ${(error as Error).message}`);
	process.exit(1);
});
