/**
 * What every case of test/terra/operations.test.ts shares: the one emulator of that test file, the request checks
 * against the endpoint table, and the record of which endpoints the cases' requests were checked against (the
 * coverage guard in operations.test.ts reads it).
 */
import { TERRA_ENDPOINTS, type TerraEndpointKey } from '../../../nodes/Terra/endpoints';
import type { RecordedRequest, TerraEmulator } from '../../../emulator';
import { apiRequests, useEmulator } from '../support';

export interface OperationsContext {
	emulator: () => TerraEmulator;
	/** The single Terra request of a run, checked against an endpoint of the table, with Terra's auth headers. */
	onlyRequest: (endpoint: TerraEndpointKey, surface?: RecordedRequest['surface']) => RecordedRequest;
	/** One request checked against an endpoint of the table: method, surface, path, auth headers, a success status. */
	expectRequest: (
		request: RecordedRequest,
		endpoint: TerraEndpointKey,
		surface?: RecordedRequest['surface'],
	) => RecordedRequest;
	/** The first seeded Garmin user. */
	garmin: () => TerraEmulator['users'][number];
	/** Every endpoint a request passed expectRequest for, in this test file's run so far. */
	covered: ReadonlySet<TerraEndpointKey>;
}

/** Starts the emulator for the calling test file (call it once, at its top level) and returns the shared checks. */
export function operationsContext(): OperationsContext {
	const emulator = useEmulator();
	const covered = new Set<TerraEndpointKey>();

	function onlyRequest(endpoint: TerraEndpointKey, surface: RecordedRequest['surface'] = 'current'): RecordedRequest {
		const requests = apiRequests(emulator());
		expect(requests).toHaveLength(1);
		return expectRequest(requests[0], endpoint, surface);
	}

	function expectRequest(
		request: RecordedRequest,
		endpoint: TerraEndpointKey,
		surface: RecordedRequest['surface'] = 'current',
	): RecordedRequest {
		const { method, path } = TERRA_ENDPOINTS[endpoint];
		expect(request.method).toBe(method);
		expect(request.surface).toBe(surface);
		const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);
		expect(request.path).toMatch(pattern);
		expect(request.headers['dev-id']).toBe(emulator().devId);
		expect(request.headers['x-api-key']).toBe(emulator().apiKey);
		expect(request.status).toBeLessThan(400);
		covered.add(endpoint);
		return request;
	}

	const garmin = () => emulator().users.find((user) => user.provider === 'GARMIN')!;

	return { emulator, onlyRequest, expectRequest, garmin, covered };
}
