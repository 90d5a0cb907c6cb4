import { randomBytes } from 'node:crypto';

/** How the emulated S3 answers for one object, for testing a fetcher: a redirect, or a slow answer. */
export interface S3Behaviour {
	/** Answer with this status and `Location` instead of the object (another object's URL, or any URL). */
	redirectTo?: string;
	redirectStatus?: number;
	/** Wait this long before answering (a hanging bucket). */
	delayMs?: number;
}

/** Ping-mode payload store: what an s3_payload event's pre-signed URL points at, until it expires. */
export class PayloadStore {
	private readonly items = new Map<
		string,
		{ body: string; expiresAt: number; behaviour: S3Behaviour }
	>();

	put(body: string, expiresInSeconds: number, behaviour: S3Behaviour = {}): string {
		const id = randomBytes(16).toString('hex');
		this.items.set(id, { body, expiresAt: Date.now() + expiresInSeconds * 1000, behaviour });
		return id;
	}

	/** The stored JSON, 'expired', or undefined when unknown. */
	get(id: string): string | 'expired' | undefined {
		const item = this.items.get(id);
		if (!item) return undefined;
		if (Date.now() > item.expiresAt) return 'expired';
		return item.body;
	}

	behaviour(id: string): S3Behaviour {
		return this.items.get(id)?.behaviour ?? {};
	}
}
