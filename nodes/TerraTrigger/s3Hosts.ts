/**
 * Which URLs an s3_payload pointer may send the trigger to. Terra's contract (the `s3_upload` webhook) points at
 * presigned S3 URLs such as `https://terra-payload-bucket.s3.eu-west-2.amazonaws.com/…?X-Amz-Signature=…`, so by
 * default only https URLs on Amazon S3 hosts are fetched.
 *
 * An allow-list entry is a host pattern, optionally with a scheme and a port:
 * - `bucket.s3.amazonaws.com`: that host, over https only.
 * - `*.s3.amazonaws.com`: a leading `*` stands for one or more labels; `*` elsewhere for exactly one label
 *   (`*.s3.*.amazonaws.com` matches `bucket.s3.eu-west-2.amazonaws.com`).
 * - `http://127.0.0.1:4010`: plain http is allowed only for an entry that says `http://` and names one host exactly
 *   (no `*`). Without a port, an entry matches any port.
 */
export const DEFAULT_S3_HOSTS = '*.s3.amazonaws.com, *.s3.*.amazonaws.com, s3.amazonaws.com, s3.*.amazonaws.com';

interface HostRule {
	scheme: 'https:' | 'http:';
	host: RegExp;
	port?: string;
}

const LABEL = '[a-z0-9-]+';

function hostPattern(pattern: string): RegExp | undefined {
	const labels = pattern.split('.');
	if (labels.some((label) => label === '' || (label !== '*' && !/^[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(label)))) {
		return undefined;
	}
	const parts = labels.map((label, index) =>
		label === '*' ? (index === 0 ? `${LABEL}(?:\\.${LABEL})*` : LABEL) : label.replace(/[.[\]]/g, '\\$&'),
	);
	return new RegExp(`^${parts.join('\\.')}$`);
}

/** Parses the comma-separated allow-list; returns the rules and the entries that could not be understood. */
export function parseAllowedHosts(list: string): { rules: HostRule[]; invalid: string[] } {
	const rules: HostRule[] = [];
	const invalid: string[] = [];
	for (const raw of list.split(/[,\s]+/)) {
		const entry = raw.trim().toLowerCase();
		if (entry === '') continue;
		const withScheme = /^[a-z]+:\/\//.test(entry) ? entry : `https://${entry}`;
		const scheme = withScheme.startsWith('http://') ? 'http:' : withScheme.startsWith('https://') ? 'https:' : undefined;
		const match = /^[a-z]+:\/\/(\[[^\]]+\]|[^:/]+)(?::(\d{1,5}))?\/?$/.exec(withScheme);
		const host = match && hostPattern(match[1].replace(/\.$/, ''));
		if (!scheme || !match || !host || (scheme === 'http:' && match[1].includes('*'))) {
			invalid.push(raw.trim());
			continue;
		}
		rules.push({ scheme, host, port: match[2] });
	}
	return { rules, invalid };
}

/** Why a URL may not be fetched, or undefined when an allow-list rule permits it. */
export function refuseUrl(url: URL, rules: HostRule[]): string | undefined {
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} URLs are never fetched`;
	if (url.username !== '' || url.password !== '') return 'URLs with user names or passwords are never fetched';
	const host = url.hostname.toLowerCase().replace(/\.$/, '');
	const sameHost = rules.filter((rule) => rule.host.test(host));
	const sameScheme = sameHost.filter((rule) => rule.scheme === url.protocol);
	if (sameScheme.some((rule) => rule.port === undefined || rule.port === portOf(url))) return undefined;
	if (sameScheme.length > 0) return `port ${portOf(url)} of ${host} is not in S3 Payload Hosts`;
	if (url.protocol === 'http:' && sameHost.length > 0) {
		return `plain http to ${host} is not allowed (only https, unless the host is listed as http://${host})`;
	}
	return `the host ${host} is not in S3 Payload Hosts`;
}

function portOf(url: URL): string {
	return url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
}

/** The URL without its query (a presigned URL's query is a credential for the object): for errors and logs. */
export function redactedUrl(url: URL): string {
	return `${url.protocol}//${url.host}${url.pathname}`;
}
