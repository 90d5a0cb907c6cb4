/**
 * The signing secret, cached per credential in this n8n process. Reading a credential in a webhook costs n8n 2.40.7
 * an expression isolate per read (CredentialsHelper.applyDefaultsAndOverwrites builds a throwaway Workflow), which
 * was a third of a delivery's CPU. So:
 * - a secret is read at most once per SECRET_TTL_MS per credential; concurrent deliveries share that one read;
 * - a delivery whose signature fails against a cached secret reads the credential again once (a read started after
 *   the delivery arrived counts), so a rotated secret is accepted on the first delivery after the rotation;
 * - a secret removed or replaced in n8n stops verifying deliveries within SECRET_TTL_MS;
 * - a failed read is not cached. Verification stays fail-closed: an empty secret verifies nothing.
 */
import type { IHookFunctions, INode, IWebhookFunctions } from 'n8n-workflow';

import { verifyTerraDelivery, type SignatureVerification } from './verifySignature';

export const SECRET_TTL_MS = 60_000;
const MAX_CACHED_CREDENTIALS = 100;

interface CachedSecret {
	secret: Promise<string>;
	/** When the read started (Date.now()). */
	readAt: number;
}

const cache = new Map<string, CachedSecret>();

export interface SigningSecret {
	secret: string;
	/** When the credential read behind this secret started. */
	readAt: number;
}

function read(credentialId: string, readSecret: () => Promise<string>, nowMs: number): CachedSecret {
	const entry: CachedSecret = { secret: readSecret(), readAt: nowMs };
	// A failed read (credential deleted, database down) is not cached: the next delivery reads again.
	entry.secret.catch(() => {
		if (cache.get(credentialId) === entry) cache.delete(credentialId);
	});
	cache.delete(credentialId);
	if (cache.size >= MAX_CACHED_CREDENTIALS) cache.delete(cache.keys().next().value as string);
	cache.set(credentialId, entry);
	return entry;
}

async function resolved(entry: CachedSecret): Promise<SigningSecret> {
	return { secret: await entry.secret, readAt: entry.readAt };
}

/** The credential's secret: cached within SECRET_TTL_MS, otherwise read (once, however many deliveries wait). */
export async function cachedSigningSecret(
	credentialId: string | undefined,
	readSecret: () => Promise<string>,
	nowMs = Date.now(),
): Promise<SigningSecret> {
	if (credentialId === undefined) return { secret: await readSecret(), readAt: nowMs };
	const entry = cache.get(credentialId);
	if (entry !== undefined && nowMs - entry.readAt < SECRET_TTL_MS && nowMs >= entry.readAt) return await resolved(entry);
	return await resolved(read(credentialId, readSecret, nowMs));
}

/**
 * The secret read again for a delivery that arrived at `arrivedAt` and failed against `used`: a read that started
 * at or after its arrival is shared; otherwise the credential is read once more. Undefined when there is nothing
 * newer to try (the secret used was already read after the delivery arrived).
 */
export async function reReadSigningSecret(
	credentialId: string | undefined,
	used: SigningSecret,
	arrivedAt: number,
	readSecret: () => Promise<string>,
	nowMs = Date.now(),
): Promise<SigningSecret | undefined> {
	if (credentialId === undefined || used.readAt >= arrivedAt) return undefined;
	const entry = cache.get(credentialId);
	if (entry !== undefined && entry.readAt >= arrivedAt) {
		const fresh = await resolved(entry);
		return fresh.secret === used.secret ? undefined : fresh;
	}
	const fresh = await resolved(read(credentialId, readSecret, nowMs));
	return fresh.secret === used.secret ? undefined : fresh;
}

/** Activation read the credential itself: what it read is the freshest secret. */
export function rememberSigningSecret(credentialId: string | undefined, secret: string, nowMs = Date.now()): void {
	if (credentialId === undefined) return;
	read(credentialId, async () => secret, nowMs);
}

/** The credential's signing secret as it is now (a credential read). */
export async function signingSecret(this: IHookFunctions | IWebhookFunctions): Promise<string> {
	const credentials = await this.getCredentials('terraApi');
	const secret = credentials.signingSecret;
	return typeof secret === 'string' ? secret.trim() : '';
}

export function credentialIdOf(node: INode): string | undefined {
	return node.credentials?.terraApi?.id ?? undefined;
}

/**
 * Verifies a delivery with the cached signing secret; a signature that does not match it is checked once
 * more against the credential as it is now, so a rotated secret is accepted at once.
 */
export async function verifyDelivery(
	this: IWebhookFunctions,
	req: ReturnType<IWebhookFunctions['getRequestObject']>,
	input: { arrivedAt: number; credentialId: string | undefined; toleranceSeconds: number },
): Promise<SignatureVerification> {
	const { arrivedAt, credentialId, toleranceSeconds } = input;
	const read = () => signingSecret.call(this);
	const verify = (secret: string) =>
		verifyTerraDelivery({
			rawBody: req.rawBody as Buffer | undefined,
			headers: req.headers,
			secret,
			toleranceSeconds,
		});
	const used = await cachedSigningSecret(credentialId, read);
	const verification = verify(used.secret);
	if (verification.valid || (verification.reason !== 'no-matching-signature' && verification.reason !== 'no-secret-configured')) {
		return verification;
	}
	const fresh = await reReadSigningSecret(credentialId, used, arrivedAt, read);
	return fresh === undefined ? verification : verify(fresh.secret);
}
