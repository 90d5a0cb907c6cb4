/**
 * `npm run send-event -- --url URL --type activity [--secret S] [--variant valid|wrong-secret|old-timestamp|
 * future-timestamp|unsigned|malformed] [--header both|terra-signature|x-terra-signature] [--reference R]
 * [--body-file payload.json] [--list]`
 * Sends one Terra-signed sample event (like `stripe trigger`), prints the status and response.
 * Exit code: 0 on any HTTP response (2 if --expect-2xx and the status is not 2xx), 1 on connection failure.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
	DEFAULT_SIGNING_SECRET,
	sendEvent,
	TERRA_EVENT_TYPES,
	type SendEventOptions,
} from '../emulator';
import { runCommand } from './lib/signals';

const VARIANTS = [
	'valid',
	'wrong-secret',
	'old-timestamp',
	'future-timestamp',
	'unsigned',
	'malformed',
];
const HEADERS = ['both', 'terra-signature', 'x-terra-signature'];

function usage(): string {
	return [
		'Usage: npm run send-event -- --url URL --type TYPE [options]',
		'  --url URL            webhook receiver (e.g. the n8n Terra Trigger test URL)',
		`  --type TYPE          one of: ${TERRA_EVENT_TYPES.join(', ')}`,
		`  --secret S           signing secret (default ${DEFAULT_SIGNING_SECRET}; env TERRA_SIGNING_SECRET)`,
		`  --variant V          ${VARIANTS.join(' | ')} (default valid)`,
		`  --header H           ${HEADERS.join(' | ')} (default both, as Terra emits today)`,
		'  --reference R        terra-reference header / large_request reference',
		'  --body-file F        send this JSON file instead of the built sample',
		'  --print-body         also print the body that was sent',
		'  --expect-2xx         exit 2 when the receiver answers non-2xx',
		'  --list               list event types and exit',
	].join('\n');
}

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			url: { type: 'string' },
			type: { type: 'string' },
			secret: { type: 'string' },
			variant: { type: 'string' },
			header: { type: 'string' },
			reference: { type: 'string' },
			'body-file': { type: 'string' },
			'print-body': { type: 'boolean' },
			'expect-2xx': { type: 'boolean' },
			list: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) {
		console.log(usage());
		return 0;
	}
	if (values.list) {
		console.log(TERRA_EVENT_TYPES.join('\n'));
		return 0;
	}
	if (!values.url || !values.type) {
		console.error(usage());
		return 64;
	}
	if (values.variant && !VARIANTS.includes(values.variant)) {
		console.error(`Unknown --variant ${values.variant}. ${usage()}`);
		return 64;
	}
	if (values.header && !HEADERS.includes(values.header)) {
		console.error(`Unknown --header ${values.header}. ${usage()}`);
		return 64;
	}
	const options: SendEventOptions = {
		url: values.url,
		type: values.type,
		secret: values.secret ?? process.env.TERRA_SIGNING_SECRET,
		variant: values.variant as SendEventOptions['variant'],
		headerName: values.header as SendEventOptions['headerName'],
		reference: values.reference,
		body: values['body-file'] ? JSON.parse(readFileSync(values['body-file'], 'utf8')) : undefined,
	};
	try {
		const result = await sendEvent(options);
		console.log(`POST ${values.url}  type=${values.type} variant=${options.variant ?? 'valid'}`);
		for (const [k, v] of Object.entries(result.headers)) console.log(`  > ${k}: ${v}`);
		if (values['print-body']) console.log(`  > body: ${result.rawBody}`);
		console.log(`HTTP ${result.status}`);
		if (result.responseBody) console.log(result.responseBody);
		if (values['expect-2xx'] && (result.status < 200 || result.status > 299)) return 2;
		return 0;
	} catch (error) {
		const e = error as Error & { code?: string; cause?: { code?: string } };
		console.error(
			`send-event: could not deliver to ${values.url}: ${e.cause?.code ?? e.code ?? ''} ${e.message}`.trim(),
		);
		return 1;
	}
}

runCommand(main);
