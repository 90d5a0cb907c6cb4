/** The Terra Trigger's parameters as users see them, and the option values the webhook reads. */
import type { INodeProperties } from 'n8n-workflow';

import { acknowledgeProperties } from './acknowledge';
import { ALL_EVENTS, eventOptions } from './events';
import { DEFAULT_REPEAT_WINDOW_MINUTES } from './repeatedDeliveries';
import { DEFAULT_S3_HOSTS } from './s3Hosts';
import { DEFAULT_S3_MAX_SIZE_MB, DEFAULT_S3_TIMEOUT_SECONDS } from './s3Payload';
import { DEFAULT_TOLERANCE_SECONDS } from './verifySignature';

export interface TriggerOptions {
	fetchS3Payloads?: boolean;
	fetchUnverifiedS3Payloads?: boolean;
	repeatWindowMinutes?: number;
	s3MaxSizeMb?: number;
	s3PayloadHosts?: string;
	s3TimeoutSeconds?: number;
	splitIntoRecords?: boolean;
	toleranceSeconds?: number;
}

export const OPTION_DEFAULTS = {
	repeatWindowMinutes: DEFAULT_REPEAT_WINDOW_MINUTES,
	s3MaxSizeMb: DEFAULT_S3_MAX_SIZE_MB,
	s3PayloadHosts: DEFAULT_S3_HOSTS,
	s3TimeoutSeconds: DEFAULT_S3_TIMEOUT_SECONDS,
	toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
} as const;

/** Short on purpose: the steps, body limits and large deliveries are on the docs page it links to. */
const SETUP_NOTICE =
	'In the <a href="https://dashboard.tryterra.co" target="_blank">Terra dashboard</a> (Connections → Destinations → Webhook), add this node’s Production URL, then copy that destination’s Signing secret into the Terra API credential. <a href="https://github.com/n8n-nodes-terra/n8n-nodes-terra/blob/main/docs/terra-trigger.md" target="_blank">Setup guide</a>';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: SETUP_NOTICE,
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [ALL_EVENTS],
		options: eventOptions(),
		description:
			'The Terra event types that start the workflow. Other verified events are acknowledged without starting it.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'event',
		options: [
			{
				name: 'Event',
				value: 'event',
				description: 'One item per event as Terra sent it (or one per record with Options → Split Into One Item per Record)',
			},
			{
				name: 'Simplified',
				value: 'simplified',
				description:
					'For data events (sleep, daily, activity, …): one item per record with the same columns and record_id as the Terra node’s Simplified output, plus terra_ordering_timestamp and the other terra_ columns. Other events as Terra sent them.',
			},
		],
	},
	{
		displayName: 'Ignore Repeated Deliveries',
		name: 'ignoreRepeatedDeliveries',
		type: 'boolean',
		default: true,
		description:
			'Whether to acknowledge a delivery Terra sends again (same delivery ID, or the same signed content) without starting the workflow a second time. See Options → Repeat Window.',
	},
	{
		displayName: 'Skip Signature Verification (Insecure)',
		name: 'skipSignatureVerification',
		type: 'boolean',
		default: false,
		description:
			'Whether to accept deliveries without checking Terra’s signature. Only for a first test before the signing secret is set up.',
	},
	{
		displayName:
			'Signature verification is off: anyone who knows this webhook URL can start the workflow with made-up data. Add the signing secret to the Terra API credential and turn this option off before using real data.',
		name: 'insecureNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: {
				skipSignatureVerification: [true],
			},
		},
	},
	...acknowledgeProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Fetch S3 Payloads',
				name: 'fetchS3Payloads',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the data when Terra sends a link to it instead of the data itself (the destination’s Ping delivery mode, data stored on Amazon S3), and output it in place of the link. The event filter then applies to the downloaded event’s type.',
			},
			{
				displayName: 'Fetch S3 Payloads Without Verification (Unsafe)',
				name: 'fetchUnverifiedS3Payloads',
				type: 'boolean',
				default: false,
				description:
					'Whether to download data links from deliveries whose signature did not verify. Anyone who knows the webhook URL can then make n8n fetch an allowed host.',
				displayOptions: { show: { fetchS3Payloads: [true], '/skipSignatureVerification': [true] } },
			},
			{
				displayName: 'Max S3 Payload Size (MB)',
				name: 's3MaxSizeMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_S3_MAX_SIZE_MB,
				description: 'Larger downloads are stopped, and the link is output with an error instead',
				displayOptions: { show: { fetchS3Payloads: [true] } },
			},
			{
				displayName: 'Repeat Window (Minutes)',
				name: 'repeatWindowMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_REPEAT_WINDOW_MINUTES,
				description:
					'How long an accepted delivery is remembered by Ignore Repeated Deliveries (up to the last 1,000 deliveries)',
				displayOptions: { show: { '/ignoreRepeatedDeliveries': [true] } },
			},
			{
				displayName: 'S3 Fetch Timeout (Seconds)',
				name: 's3TimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_S3_TIMEOUT_SECONDS,
				description: 'How long downloading the linked data may take in total. Terra gets its answer after the download and waits about 8 seconds.',
				displayOptions: { show: { fetchS3Payloads: [true] } },
			},
			{
				displayName: 'S3 Payload Hosts',
				name: 's3PayloadHosts',
				type: 'string',
				default: DEFAULT_S3_HOSTS,
				description:
					'Comma-separated hosts that data links may point to, fetched over https only. A leading * matches any subdomains, a * elsewhere one label. Plain http only for a host listed as http://host[:port].',
				displayOptions: { show: { fetchS3Payloads: [true] } },
			},
			{
				displayName: 'Split Into One Item per Record',
				name: 'splitIntoRecords',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item per record for events with a data array (activity, sleep, daily, …), each with the event’s type, user and metadata',
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_TOLERANCE_SECONDS,
				description:
					'How far the signature’s timestamp may be from now before a delivery is refused as a replay. 0 turns the check off.',
			},
		],
	},
];
