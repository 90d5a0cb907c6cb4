import { randomBytes } from 'node:crypto';
import type { Ctx, Reply, Route } from '../http/context';
import { q } from '../http/context';
import { ApiError } from '../http/errors';
import type { MultipartBody } from '../http/multipart';
import { LAB_FILE_TYPES, LAB_MAX_BYTES, sessionBody, type LabSession } from '../data/labReports';
import { isIsoDate } from '../util/time';
import { deliverLifecycle } from '../webhooks/flows';

const API: Route['surfaces'] = ['current', 'legacy'];
/** The spec documents lab-report 403/413 with content-type application/json (Problem body), not problem+json. */
export const LAB_JSON_ERRORS = new Set([403, 413]);

const EXTENSION_TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
};

function fileType(contentType: string, filename: string): string | undefined {
	const ct = contentType.split(';')[0].trim().toLowerCase();
	if (LAB_FILE_TYPES[ct]) return ct;
	const ext = filename.split('.').pop()?.toLowerCase() ?? '';
	return ct === 'application/octet-stream' ? EXTENSION_TYPES[ext] : undefined;
}

function labEvent(session: LabSession): Record<string, unknown> {
	const base = {
		event_id: `evt_${randomBytes(16).toString('hex')}`,
		occurred_at: new Date().toISOString(),
		upload_id: session.upload_id,
	};
	const ref = session.reference_id !== undefined ? { reference_id: session.reference_id } : {};
	if (session.current_status === 'failed') {
		return {
			type: 'lab_report.failed',
			...base,
			data: { session_id: session.session_id, ...ref, error: session.error },
		};
	}
	return {
		type: 'lab_report.completed',
		...base,
		data: {
			session_id: session.session_id,
			...ref,
			report_date: session.report_date,
			report_locale: session.report_locale,
			results_count: session.results_count,
			results: session.results,
			panels: session.panels,
		},
	};
}

/** POST /lab-reports (multipart `file`) -> 202 `{upload_id, current_status}`; processing finishes shortly after and fires lab_report.* */
function upload(ctx: Ctx): Reply {
	if (ctx.bodyKind !== 'multipart')
		throw new ApiError(400, 'request must be multipart/form-data with a file field');
	const body = ctx.body as MultipartBody;
	const file = body.files.find((f) => f.field === 'file');
	if (!file) throw new ApiError(400, 'missing file');
	if (file.size > LAB_MAX_BYTES) throw new ApiError(413, 'file exceeds the 20 MB limit');
	if (file.size === 0) throw new ApiError(400, 'file is empty');
	const type = fileType(file.contentType, file.filename);
	if (!type) throw new ApiError(400, 'unsupported file type (PDF, PNG, JPEG, GIF or WebP)');
	const uploadId = `upl_${randomBytes(6).toString('hex')}`;
	const session = ctx.state.labs.create({
		uploadId,
		referenceId: q(ctx, 'reference_id'),
		file: { filename: file.filename, contentType: type, data: file.data },
		nowMs: Date.now(),
	});
	const { state } = ctx;
	state.background(async () => {
		await new Promise((resolve) => setTimeout(resolve, state.labProcessingMs));
		state.labs.complete(session, Date.now());
		await deliverLifecycle(state, labEvent(session), session.upload_id);
	});
	return { status: 202, body: { upload_id: uploadId, current_status: 'processing' } };
}

function dateFilter(ctx: Ctx, name: string): string | undefined {
	const v = q(ctx, name);
	if (v === undefined || v === '') return undefined;
	if (!isIsoDate(v)) throw new ApiError(400, `invalid ${name}`);
	return v;
}

/** GET /lab-reports with inclusive date-range filters. */
function list(ctx: Ctx): Reply {
	const f = {
		reference_id: q(ctx, 'reference_id'),
		upload_id: q(ctx, 'upload_id'),
		report_date_from: dateFilter(ctx, 'report_date_from'),
		report_date_to: dateFilter(ctx, 'report_date_to'),
		uploaded_at_from: dateFilter(ctx, 'uploaded_at_from'),
		uploaded_at_to: dateFilter(ctx, 'uploaded_at_to'),
	};
	const sessions = ctx.state.labs.list().filter((s) => {
		const uploaded = s.uploaded_at.slice(0, 10);
		if (f.reference_id !== undefined && s.reference_id !== f.reference_id) return false;
		if (f.upload_id !== undefined && s.upload_id !== f.upload_id) return false;
		if (f.report_date_from && (!s.report_date || s.report_date < f.report_date_from)) return false;
		if (f.report_date_to && (!s.report_date || s.report_date > f.report_date_to)) return false;
		if (f.uploaded_at_from && uploaded < f.uploaded_at_from) return false;
		if (f.uploaded_at_to && uploaded > f.uploaded_at_to) return false;
		return true;
	});
	return { status: 200, body: { sessions: sessions.map(sessionBody) } };
}

function session(ctx: Ctx): LabSession {
	const id = ctx.params.session_id;
	if (!/^\d{1,20}$/.test(id)) throw new ApiError(400, 'invalid session_id');
	const s = ctx.state.labs.get(id);
	if (!s) throw new ApiError(404, 'lab report session not found');
	return s;
}

/** Per-destination delivery state, derived from the emulator's real webhook attempts for this upload. */
function deliveries(ctx: Ctx): Reply {
	const s = session(ctx);
	const attempts = ctx.state.sender.deliveries.filter(
		(d) => d.reference === s.upload_id && String(d.type).startsWith('lab_report'),
	);
	if (attempts.length === 0) {
		return {
			status: 200,
			body: {
				deliveries: ctx.state.sender.url
					? [
							{
								destination_id: 'dest_webhook_1',
								destination_type: 'webhook',
								status: 'pending',
								attempt_count: 0,
							},
						]
					: [],
			},
		};
	}
	const last = attempts[attempts.length - 1];
	const delivery: Record<string, unknown> = {
		destination_id: 'dest_webhook_1',
		destination_type: 'webhook',
		status: attempts.some((a) => a.ok) ? 'sent' : last.nextRetryAt ? 'retrying' : 'failed',
		attempt_count: attempts.length,
	};
	if (!last.ok) delivery.last_error = last.error ?? `HTTP ${last.status}`;
	return { status: 200, body: { deliveries: [delivery] } };
}

/** Input files (+ thumbnail) with presigned-style URLs served by the emulator. */
function files(ctx: Ctx): Reply {
	const s = session(ctx);
	const expires = new Date(Date.now() + 3_600_000).toISOString();
	const sign = randomBytes(8).toString('hex');
	const url = (name: string) =>
		`${ctx.state.url}/__emulator/files/${s.session_id}/${encodeURIComponent(name)}?X-Amz-Expires=3600&X-Amz-Signature=${sign}`;
	return {
		status: 200,
		body: {
			files: [{ filename: s.file.filename, presigned_url: url(s.file.filename) }],
			thumbnail: { filename: 'thumbnail.png', presigned_url: url('thumbnail.png') },
			expires_at: expires,
		},
	};
}

export const labReportRoutes: Route[] = [
	{ method: 'POST', pattern: '/lab-reports', surfaces: API, auth: 'required', handler: upload },
	{ method: 'GET', pattern: '/lab-reports', surfaces: API, auth: 'required', handler: list },
	{
		method: 'GET',
		pattern: '/lab-reports/:session_id',
		surfaces: API,
		auth: 'required',
		handler: (ctx) => ({ status: 200, body: sessionBody(session(ctx)) }),
	},
	{
		method: 'DELETE',
		pattern: '/lab-reports/:session_id',
		surfaces: API,
		auth: 'required',
		handler: (ctx) => {
			session(ctx).deleted = true;
			return { status: 204 };
		},
	},
	{
		method: 'GET',
		pattern: '/lab-reports/:session_id/deliveries',
		surfaces: API,
		auth: 'required',
		handler: deliveries,
	},
	{
		method: 'GET',
		pattern: '/lab-reports/:session_id/files',
		surfaces: API,
		auth: 'required',
		handler: files,
	},
];
