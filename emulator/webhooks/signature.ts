import { createHmac } from 'node:crypto';

/**
 * Terra's webhook signature: `t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The same value is sent in `terra-signature` and `x-terra-signature`.
 */
export function signTerraPayload(
	secret: string,
	rawBody: string | Buffer,
	timestampSeconds?: number,
): string {
	const t = timestampSeconds ?? Math.floor(Date.now() / 1000);
	const hmac = createHmac('sha256', secret);
	hmac.update(`${t}.`, 'utf8');
	hmac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
	return `t=${t},v1=${hmac.digest('hex')}`;
}
