/**
 * The catalogue of Terra webhook event types, defined once as data. The node's "Events" options, the event filter
 * and the tests all derive from this list.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

/** Selecting this value passes every event, including types Terra adds after this node was written. */
export const ALL_EVENTS = '*';

export interface TerraEventDefinition {
	value: string;
	name: string;
	description: string;
}

export const TERRA_EVENTS: readonly TerraEventDefinition[] = [
	// Connection lifecycle
	{ value: 'auth', name: 'User Connected', description: 'A user connected a wearable or health app' },
	{
		value: 'auth_cancelled',
		name: 'Connection Cancelled',
		description:
			'A connection attempt failed or was cancelled (also the older form: a User Connected event with an error status)',
	},
	{ value: 'deauth', name: 'User Disconnected', description: 'A user was disconnected' },
	{
		value: 'user_reauth',
		name: 'User Reconnected',
		description: 'A user connected the same account again and got a new user ID (the event carries the old and the new)',
	},
	{
		value: 'access_revoked',
		name: 'Access Revoked',
		description: 'The user revoked access at the provider',
	},
	{
		value: 'connection_error',
		name: 'Connection Error',
		description: 'The provider rejected the stored credentials; the user should reconnect',
	},
	{
		value: 'permission_change',
		name: 'Permissions Changed',
		description: 'The scopes a user granted changed',
	},
	// Operational
	{
		value: 'large_request_processing',
		name: 'Large Request Processing',
		description: 'A request for more than a month of data was accepted and is being prepared',
	},
	{
		value: 'large_request_sending',
		name: 'Large Request Sending',
		description: 'A large request is about to arrive in parts; says how many to expect'
	},
	{
		value: 's3_payload',
		name: 'Data Link (Ping Delivery)',
		description: 'Ping delivery mode: a short-lived link to download the data from (see Options → Fetch S3 Payloads)',
	},
	{ value: 'healthcheck', name: 'Health Check', description: 'Periodic check that the destination is up' },
	// Data
	{ value: 'activity', name: 'Activity', description: 'Workouts and other activity sessions' },
	{ value: 'athlete', name: 'Athlete', description: 'A user’s profile at the provider' },
	{ value: 'body', name: 'Body', description: 'Body measurements (weight, heart rate, glucose, …)' },
	{ value: 'daily', name: 'Daily', description: 'Daily summaries (steps, calories, …)' },
	{ value: 'menstruation', name: 'Menstruation', description: 'Menstrual cycle data' },
	{ value: 'nutrition', name: 'Nutrition', description: 'Meals and nutrition summaries' },
	{ value: 'sleep', name: 'Sleep', description: 'Sleep sessions' },
	{ value: 'planned_workout', name: 'Planned Workout', description: 'Planned workouts' },
	{ value: 'hormone', name: 'Hormone', description: 'Hormone measurements' },
	// Lab reports
	{
		value: 'lab_report.completed',
		name: 'Lab Report Completed',
		description: 'An uploaded lab report was processed',
	},
	{
		value: 'lab_report.failed',
		name: 'Lab Report Failed',
		description: 'An uploaded lab report could not be processed',
	},
];

/** The "Events" multi-select options: "All Events" first (as Stripe Trigger has it), then every event by name. */
export function eventOptions(): INodePropertyOptions[] {
	return [
		{
			name: 'All Events',
			value: ALL_EVENTS,
			description: 'Every event, including event types Terra adds in future',
		},
		...TERRA_EVENTS.map(({ name, value, description }) => ({ name, value, description })).sort((a, b) =>
			a.name.localeCompare(b.name),
		),
	];
}

/**
 * The node's subtitle: "All events", the event names when there are up to three ("User Connected, Sleep"), or how
 * many. Built from the catalogue so it shows names, not Terra's values.
 */
export function subtitleExpression(): string {
	const names = JSON.stringify(Object.fromEntries(TERRA_EVENTS.map(({ value, name }) => [value, name])));
	return `={{ ((events) => events.includes("${ALL_EVENTS}") ? "All events" : events.length > 3 ? events.length + " events" : events.map((event) => (${names})[event] || event).join(", "))($parameter["events"] || []) }}`;
}

/**
 * The catalogue type an event counts as for filtering. It is the body's `type`, except that the older form of a
 * failed connection (`type: "auth"` with `status: "error"`) counts as `auth_cancelled`, not as a successful `auth`.
 * Returns '' when the body has no string `type`.
 */
export function eventTypeOf(body: unknown): string {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return '';
	const { type, status } = body as { type?: unknown; status?: unknown };
	if (typeof type !== 'string') return '';
	if (type === 'auth' && status === 'error') return 'auth_cancelled';
	return type;
}

/** Whether an event of this (normalised) type passes the selection. */
export function isEventSelected(eventType: string, selected: readonly string[]): boolean {
	if (selected.includes(ALL_EVENTS)) return true;
	return eventType !== '' && selected.includes(eventType);
}
