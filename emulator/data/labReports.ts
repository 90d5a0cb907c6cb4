import { Rng } from '../util/prng';
import { generateLabResults } from './generators/labReport';

export const LAB_MAX_BYTES = 20 * 1024 * 1024;

/** Accepted upload types and the magic bytes a readable file of that type starts with. */
export const LAB_FILE_TYPES: Record<string, (data: Buffer) => boolean> = {
	'application/pdf': (d) => d.subarray(0, 4).toString('latin1') === '%PDF',
	'image/png': (d) =>
		d.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
	'image/jpeg': (d) => d[0] === 0xff && d[1] === 0xd8,
	'image/gif': (d) => d.subarray(0, 4).toString('latin1') === 'GIF8',
	'image/webp': (d) =>
		d.subarray(0, 4).toString('latin1') === 'RIFF' &&
		d.subarray(8, 12).toString('latin1') === 'WEBP',
};

export interface LabSession {
	session_id: string;
	upload_id: string;
	reference_id?: string;
	report_type: string;
	current_status: 'processing' | 'completed' | 'failed';
	uploaded_at: string;
	updated_at: string;
	report_date?: string;
	report_locale?: string;
	lab_name?: string;
	input_bytes: number;
	file_count: number;
	results_count?: number;
	results?: Record<string, unknown>[];
	panels?: Record<string, unknown>[];
	status_history: Array<{ status: string; timestamp: string; note?: string }>;
	/** Not part of the API body: the uploaded file (served by the /files presigned URLs). */
	file: { filename: string; contentType: string; data: Buffer };
	/** Not part of the API body: failure reason for lab_report.failed. */
	error?: { code: string; message: string; retriable: boolean };
	deleted?: boolean;
}

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

/** Lab-report upload sessions; ids are snowflake-like decimal strings. */
export class LabReportStore {
	readonly sessions = new Map<string, LabSession>();
	private counter = 0n;

	constructor(private readonly seed: number) {}

	private nextSessionId(): string {
		this.counter += 1n;
		return String(297_405_620_317_847_552n + this.counter * 4_194_304n);
	}

	/** Creates a processing session for an upload; `complete` then finishes it. */
	create(upload: {
		uploadId: string;
		referenceId?: string;
		file: LabSession['file'];
		nowMs: number;
	}): LabSession {
		const session: LabSession = {
			session_id: this.nextSessionId(),
			upload_id: upload.uploadId,
			reference_id: upload.referenceId,
			report_type: 'blood',
			current_status: 'processing',
			uploaded_at: iso(upload.nowMs),
			updated_at: iso(upload.nowMs),
			input_bytes: upload.file.data.length,
			file_count: 1,
			status_history: [
				{ status: 'processing', timestamp: iso(upload.nowMs), note: 'upload accepted' },
			],
			file: upload.file,
		};
		this.sessions.set(session.session_id, session);
		return session;
	}

	/** Finishes processing: readable files (magic bytes match the type) complete with results, others fail. */
	complete(session: LabSession, nowMs: number): void {
		const readable = LAB_FILE_TYPES[session.file.contentType]?.(session.file.data) ?? false;
		session.updated_at = iso(nowMs);
		if (!readable) {
			session.current_status = 'failed';
			session.error = {
				code: 'file_unreadable',
				message: 'The uploaded file could not be read.',
				retriable: false,
			};
			session.status_history.push({
				status: 'failed',
				timestamp: iso(nowMs),
				note: 'file_unreadable',
			});
			return;
		}
		const rng = new Rng(
			this.seed,
			'lab',
			session.file.data.toString('base64').slice(0, 256),
			session.upload_id,
		);
		const reportDate = iso(nowMs - rng.int(1, 10) * 86_400_000).slice(0, 10);
		const { results, panels } = generateLabResults(rng);
		Object.assign(session, {
			current_status: 'completed',
			report_date: reportDate,
			report_locale: 'en-GB',
			lab_name: rng.pick([
				'Emulated Diagnostics Ltd',
				'Synthetic Pathology Lab',
				'Loopback Clinical Labs',
			]),
			results_count: results.length,
			results,
			panels,
		});
		session.status_history.push({ status: 'completed', timestamp: iso(nowMs) });
	}

	get(id: string): LabSession | undefined {
		const s = this.sessions.get(id);
		return s && !s.deleted ? s : undefined;
	}

	list(): LabSession[] {
		return [...this.sessions.values()].filter((s) => !s.deleted);
	}
}

/** LabReportSession body (spec schema) without the emulator's private fields. */
export function sessionBody(s: LabSession): Record<string, unknown> {
	const { file: _file, error: _error, deleted: _deleted, ...rest } = s;
	return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
