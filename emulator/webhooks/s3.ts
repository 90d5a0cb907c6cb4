import { randomBytes } from 'node:crypto';

/** Ping-mode payload store: what an s3_payload event's pre-signed URL points at, until it expires. */
export class PayloadStore {
	private readonly items = new Map<string, { body: string; expiresAt: number }>();

	put(body: string, expiresInSeconds: number): string {
		const id = randomBytes(16).toString('hex');
		this.items.set(id, { body, expiresAt: Date.now() + expiresInSeconds * 1000 });
		return id;
	}

	/** The stored JSON, 'expired', or undefined when unknown. */
	get(id: string): string | 'expired' | undefined {
		const item = this.items.get(id);
		if (!item) return undefined;
		if (Date.now() > item.expiresAt) return 'expired';
		return item.body;
	}
}
