/**
 * Fixed data the example workflows use: the emulator's seeded users (seed 42, 8 users: the emulator's defaults, so
 * the demo and the e2e suite see the same IDs) and a tiny lab-report PDF.
 */

export interface SeededUser {
	userId: string;
	provider: string;
	referenceId: string;
}

export const EMULATOR_SEED = 42;
export const EMULATOR_USER_COUNT = 8;

export const USERS = {
	garmin: { userId: '965471e6-e81d-4dcd-a490-6ad8390edbf2', provider: 'GARMIN', referenceId: 'demo-user-1' },
	fitbit: { userId: '3a9f0e84-7e63-4279-8d88-983f5cb5bc6e', provider: 'FITBIT', referenceId: 'demo-user-2' },
	oura: { userId: '689b920c-209b-4547-9ab3-c428b653f481', provider: 'OURA', referenceId: 'demo-user-3' },
	whoop: { userId: '038b52ff-9046-46ea-972f-dba6d71a75f3', provider: 'WHOOP', referenceId: 'demo-user-4' },
	withings: { userId: '4e9d72d9-7c6f-4dad-8138-de77147cc1e6', provider: 'WITHINGS', referenceId: 'demo-user-5' },
	polar: { userId: '22e2c469-43cf-4c1d-be46-f7bec0b782ad', provider: 'POLAR', referenceId: 'demo-user-6' },
	apple: { userId: '255e97ca-4f49-47d0-b536-546b92444cd1', provider: 'APPLE', referenceId: 'demo-user-7' },
	coros: { userId: '8ff2a863-d0f4-4a8e-aba6-afb6a4c12326', provider: 'COROS', referenceId: 'demo-user-1' },
} as const satisfies Record<string, SeededUser>;

/** A well-formed UUID no Terra user has: the continue-on-fail example's deliberately bad input. */
export const UNKNOWN_USER_ID = '00000000-0000-4000-8000-000000000000';

/** Terra's display names of the seeded users' providers, as the User list shows them. */
const PROVIDER_NAMES: Record<string, string> = {
	GARMIN: 'Garmin',
	FITBIT: 'Fitbit',
	OURA: 'Oura',
	WHOOP: 'WHOOP',
	WITHINGS: 'Withings',
	POLAR: 'Polar',
	APPLE: 'Apple Health',
	COROS: 'COROS',
};

/** The User parameter as the editor stores a pick from the list ("From List" mode). */
export function userFromList(user: SeededUser): Record<string, unknown> {
	return {
		__rl: true,
		mode: 'list',
		value: user.userId,
		cachedResultName: `${PROVIDER_NAMES[user.provider] ?? user.provider} · ${user.referenceId} · ${user.userId.slice(0, 8)}`,
	};
}

export function userById(userId: string): Record<string, unknown> {
	return { __rl: true, mode: 'id', value: userId };
}

/** A workout, planned workout or lab report locator given By ID (an ID or an expression). */
export function idLocator(value: string): Record<string, unknown> {
	return { __rl: true, mode: 'id', value };
}

export function userByReference(referenceId: string): Record<string, unknown> {
	return { __rl: true, mode: 'referenceId', value: referenceId };
}

/** A one-page PDF ("Terra demo lab report") with a correct cross-reference table. */
export function labReportPdf(): Buffer {
	const stream = 'BT /F1 18 Tf 72 720 Td (Terra demo lab report: HbA1c 5.4 %) Tj ET';
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((object, index) => {
		offsets.push(body.length);
		body += `${index + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}

/** A custom date range over the emulator's seeded July 2026, from the 1st to `lastDay` (the week the examples and tests pull). */
export function julyRange(lastDay = 7): Record<string, string> {
	return { datePreset: 'custom', startDate: '2026-07-01T00:00:00', endDate: `2026-07-${String(lastDay).padStart(2, '0')}T00:00:00` };
}
