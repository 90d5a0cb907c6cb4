/**
 * Which of the action node's endpoints (nodes/Terra/endpoints.ts) real n8n called successfully, judged from the
 * requests the emulator recorded: method + path without the surface prefix, with path parameters matching any
 * segment; widget endpoints must arrive on the widget surface, the others on the API surfaces.
 */
import { TERRA_ENDPOINTS, type TerraEndpoint, type TerraEndpointKey } from '../../../nodes/Terra/endpoints';
import type { RecordedRequestJson } from '../../../scripts/lib/emulatorProcess';

function pathPattern(endpointPath: string): RegExp {
	const source = endpointPath
		.split('/')
		.map((segment) => (/^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('/');
	return new RegExp(`^${source}$`);
}

const matchers = (Object.entries(TERRA_ENDPOINTS) as Array<[TerraEndpointKey, TerraEndpoint]>).map(([key, endpoint]) => ({
	key,
	endpoint,
	pattern: pathPattern(endpoint.path),
}));

export function endpointOf(request: Pick<RecordedRequestJson, 'method' | 'path' | 'surface'>): TerraEndpointKey | undefined {
	const widgetSurface = request.surface === 'widget';
	return matchers.find(
		({ endpoint, pattern }) =>
			endpoint.method === request.method.toUpperCase() &&
			pattern.test(request.path) &&
			(endpoint.host === 'widget') === widgetSurface,
	)?.key;
}

export class Coverage {
	private readonly hits = new Map<TerraEndpointKey, string[]>();

	/** Counts 2xx requests: a call that failed did not prove the operation works. */
	add(requests: RecordedRequestJson[], workflow: string): void {
		for (const request of requests) {
			if (request.status < 200 || request.status > 299) continue;
			const key = endpointOf(request);
			if (!key) continue;
			const list = this.hits.get(key) ?? [];
			if (!list.includes(workflow)) list.push(workflow);
			this.hits.set(key, list);
		}
	}

	get total(): number {
		return Object.keys(TERRA_ENDPOINTS).length;
	}

	get covered(): TerraEndpointKey[] {
		return (Object.keys(TERRA_ENDPOINTS) as TerraEndpointKey[]).filter((key) => this.hits.has(key));
	}

	get missing(): TerraEndpointKey[] {
		return (Object.keys(TERRA_ENDPOINTS) as TerraEndpointKey[]).filter((key) => !this.hits.has(key));
	}

	workflowsFor(key: TerraEndpointKey): string[] {
		return this.hits.get(key) ?? [];
	}
}
