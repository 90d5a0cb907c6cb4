/**
 * How slow this machine is right now, measured rather than assumed: the time n8n took to become ready, against what
 * it takes on an idle 2-core machine. Browser and CLI timeouts of the suite are scaled by it, so a busy machine gets
 * proportionally longer waits instead of failing fixed 30-second timeouts.
 */

/** `n8n start` to /healthz/readiness on an idle 2-core machine (measured: 15–20 s). */
export const IDLE_READY_MS = 20_000;
/** However slow n8n's start, waits grow at most this much: a truly stuck step still fails in bounded time. */
const MAX_FACTOR = 5;

export class Pace {
	constructor(
		readonly factor: number,
		readonly readyMs?: number,
	) {}

	/** From the measured `n8n start` time; never below 1 (an idle machine keeps the base timeouts). */
	static fromReadiness(readyMs: number): Pace {
		return new Pace(Math.min(MAX_FACTOR, Math.max(1, readyMs / IDLE_READY_MS)), readyMs);
	}

	/** A base timeout scaled to this machine's pace. */
	ms(baseMs: number): number {
		return Math.round(baseMs * this.factor);
	}

	describe(): string {
		const ready = this.readyMs === undefined ? '' : `n8n took ${(this.readyMs / 1000).toFixed(1)} s to become ready; `;
		return `${ready}browser and CLI timeouts ×${this.factor.toFixed(2)}`;
	}
}
