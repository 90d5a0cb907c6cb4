import { sleep } from 'n8n-workflow';

/**
 * Shared by the requests of one fan-out (every connected user): when one of them gets a 429 with Retry-After,
 * every lane waits until then before its next request, instead of only the lane that was refused.
 */
export class RequestGate {
	private openAtMs = 0;

	/** Keeps the gate shut for `waitMs` from now (or longer, if it already was). */
	hold(waitMs: number): void {
		this.openAtMs = Math.max(this.openAtMs, Date.now() + waitMs);
	}

	/** Resolves once the gate is open. */
	async pass(): Promise<void> {
		for (let left = this.openAtMs - Date.now(); left > 0; left = this.openAtMs - Date.now()) {
			await sleep(left);
		}
	}
}
