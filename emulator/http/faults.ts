import type { Fault, FaultMatch } from '../types';

interface ActiveFault {
	match: FaultMatch;
	fault: Fault;
	remaining: number;
}

/** Does a fault path pattern ('/workouts/:id', '/activity', or a plain prefix) match a request path? */
export function pathMatches(pattern: string, path: string): boolean {
	// Tolerate a surface prefix in the pattern ('/api/v2/activity' means '/activity').
	const normalized =
		pattern
			.replace(/^\/api\/v2(?=\/)/, '')
			.replace(/^\/v2(?=\/)/, '')
			.replace(/\/+$/, '') || '/';
	if (normalized.includes('/:') || normalized.includes('*')) {
		const want = normalized.split('/');
		const got = path.split('/');
		if (want.length !== got.length) return false;
		return want.every((seg, i) => seg.startsWith(':') || seg === '*' || seg === got[i]);
	}
	return path === normalized || path.startsWith(normalized === '/' ? '/' : `${normalized}/`);
}

/** Does every query parameter the fault names have exactly that value in the request? */
export function queryMatches(
	wanted: Record<string, string> | undefined,
	query: Record<string, string | string[]>,
): boolean {
	return Object.entries(wanted ?? {}).every(([name, value]) => {
		const got = query[name];
		return Array.isArray(got) ? got.includes(String(value)) : got === String(value);
	});
}

/** Per-route fault injection: each fault applies to the next `times` matching requests (default 1). */
export class FaultRegistry {
	private readonly faults: ActiveFault[] = [];

	inject(match: FaultMatch, fault: Fault): void {
		if (!match || typeof match.path !== 'string') throw new Error('fault match needs a path');
		const times = fault.times === undefined || fault.times === null ? 1 : Number(fault.times);
		if (!(times > 0)) throw new Error('fault times must be > 0');
		this.faults.push({ match, fault, remaining: times });
	}

	clear(): void {
		this.faults.length = 0;
	}

	/** Takes (consumes one use of) the first fault matching this request; `accept` filters by fault kind. */
	take(
		method: string,
		path: string,
		accept: (fault: Fault) => boolean = () => true,
		query: Record<string, string | string[]> = {},
	): Fault | undefined {
		const index = this.faults.findIndex(
			(f) =>
				(!f.match.method || f.match.method.toUpperCase() === method.toUpperCase()) &&
				pathMatches(f.match.path, path) &&
				queryMatches(f.match.query, query) &&
				accept(f.fault),
		);
		if (index < 0) return undefined;
		const active = this.faults[index];
		active.remaining -= 1;
		if (active.remaining <= 0) this.faults.splice(index, 1);
		return active.fault;
	}

	list(): Array<{ match: FaultMatch; fault: Fault; remaining: number }> {
		return this.faults.map((f) => ({ ...f }));
	}
}
