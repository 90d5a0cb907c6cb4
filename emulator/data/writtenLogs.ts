import { randomUUID } from 'node:crypto';

/** Records written through the legacy write endpoints (POST /activity|/body|/nutrition|/plannedWorkout). */
export class WrittenLogStore {
	private readonly logs = new Map<string, Map<string, Record<string, unknown>>>();

	private key(userId: string, type: string): string {
		return `${userId}\u0000${type}`;
	}

	add(
		userId: string,
		type: string,
		records: unknown[],
		idOf: (record: Record<string, unknown>) => string | undefined,
	): string[] {
		const k = this.key(userId, type);
		const bucket = this.logs.get(k) ?? new Map<string, Record<string, unknown>>();
		this.logs.set(k, bucket);
		return records.map((record) => {
			const r = record as Record<string, unknown>;
			const id = idOf(r) ?? randomUUID();
			bucket.set(id, r);
			return id;
		});
	}

	list(userId: string, type: string): Array<{ id: string; record: Record<string, unknown> }> {
		return [...(this.logs.get(this.key(userId, type)) ?? new Map()).entries()].map(
			([id, record]) => ({ id, record }),
		);
	}

	/** Deletes each id; response_code mirrors the provider's answer (200 deleted, 404 unknown). */
	delete(
		userId: string,
		type: string,
		ids: string[],
	): Array<{ id: string; response_code: number }> {
		const bucket = this.logs.get(this.key(userId, type));
		return ids.map((id) => ({ id, response_code: bucket?.delete(id) ? 200 : 404 }));
	}
}
