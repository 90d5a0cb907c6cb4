import { createHash } from 'node:crypto';

export interface MultipartFile {
	field: string;
	filename: string;
	contentType: string;
	size: number;
	sha256: string;
	data: Buffer;
}

export interface MultipartBody {
	fields: Record<string, string>;
	files: MultipartFile[];
}

/** Minimal multipart/form-data parser (RFC 7578): enough for lab-report uploads; returns undefined if malformed. */
export function parseMultipart(raw: Buffer, contentType: string): MultipartBody | undefined {
	const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!m) return undefined;
	const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
	const result: MultipartBody = { fields: {}, files: [] };
	let pos = raw.indexOf(boundary);
	if (pos < 0) return undefined;
	for (;;) {
		pos += boundary.length;
		if (raw.subarray(pos, pos + 2).toString() === '--') return result; // closing delimiter
		if (raw.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
		const headerEnd = raw.indexOf('\r\n\r\n', pos);
		const next = raw.indexOf(boundary, pos);
		if (headerEnd < 0 || next < 0 || headerEnd > next) return undefined;
		const headerText = raw.subarray(pos, headerEnd).toString('utf8');
		let content = raw.subarray(headerEnd + 4, next);
		if (content.subarray(content.length - 2).toString() === '\r\n')
			content = content.subarray(0, content.length - 2);
		const headers: Record<string, string> = {};
		for (const line of headerText.split('\r\n')) {
			const idx = line.indexOf(':');
			if (idx > 0) headers[line.slice(0, idx).trim().toLowerCase()] = line.slice(idx + 1).trim();
		}
		const disposition = headers['content-disposition'] ?? '';
		const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
		const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
		if (name === undefined) return undefined;
		if (filename !== undefined) {
			result.files.push({
				field: name,
				filename,
				contentType: headers['content-type'] ?? 'application/octet-stream',
				size: content.length,
				sha256: createHash('sha256').update(content).digest('hex'),
				data: Buffer.from(content),
			});
		} else {
			result.fields[name] = content.toString('utf8');
		}
		pos = next;
	}
}
