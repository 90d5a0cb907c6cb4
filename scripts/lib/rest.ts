/**
 * n8n's own REST API (what the editor uses): headless owner setup, login, publishing workflows, and the execution
 * list and data, for checking what n8n stored after webhook deliveries.
 */
import path from 'node:path';

import type { RunJson } from './n8n';

/** The owner account the suite and the demo create (loopback-only instances; printed by the demo). */
export const OWNER = {
	email: 'demo@n8n-nodes-terra.dev',
	firstName: 'Terra',
	lastName: 'Demo',
	password: 'Terra-demo-1',
} as const;

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	createdAt: string;
	startedAt: string;
	stoppedAt?: string;
}

export interface ExecutionDetail extends ExecutionSummary {
	finished: boolean;
	/** Parsed from n8n's flatted storage format: the same shape `n8n execute` prints under `data`. */
	run: RunJson['data'];
}

export class N8nRest {
	private cookie = '';

	constructor(
		readonly baseUrl: string,
		private readonly n8nModules: string,
	) {}

	private async request<T>(method: string, route: string, body?: unknown): Promise<{ status: number; data: T }> {
		const response = await fetch(`${this.baseUrl}/rest${route}`, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
				'browser-id': 'n8n-nodes-terra-e2e',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// keep text
		}
		const data = (parsed as { data?: T } | undefined)?.data ?? (parsed as T);
		return { status: response.status, data };
	}

	/** Creates the owner on a fresh instance (no-op when it exists), then logs in. */
	async ensureOwnerAndLogin(): Promise<void> {
		const settings = await this.request<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/settings');
		if (settings.data?.userManagement?.showSetupOnFirstLoad !== false) {
			const setup = await this.request('POST', '/owner/setup', OWNER);
			if (setup.status !== 200 && setup.status !== 400) {
				throw new Error(`owner setup: HTTP ${setup.status} ${JSON.stringify(setup.data).slice(0, 300)}`);
			}
		}
		const login = await this.request('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		if (login.status !== 200) throw new Error(`login: HTTP ${login.status} ${JSON.stringify(login.data).slice(0, 300)}`);
	}

	/** The newest 100 executions of the workflow, oldest first (2.40 caps a larger limit at 100, 2.41 refuses it). */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { status, data } = await this.request<{ results: ExecutionSummary[] }>(
			'GET',
			`/executions?filter=${filter}&limit=100`,
		);
		if (status !== 200) throw new Error(`GET /rest/executions: HTTP ${status}`);
		return [...data.results].sort((a, b) => Number(a.id) - Number(b.id));
	}

	/**
	 * One page of a workflow's executions with ids above `afterId` and below `beforeId`, newest first (at most
	 * `limit`, and n8n gives at most 100); `status` filters (e.g. ['success']). For counting the executions a burst
	 * of requests started.
	 */
	async executionsBetween(
		workflowId: string,
		afterId: string,
		{ status, beforeId = '999999999999', limit = 100 }: { status?: string[]; beforeId?: string; limit?: number } = {},
	): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify(status ? { workflowId, status } : { workflowId }));
		const { status: code, data } = await this.request<{ results: ExecutionSummary[] }>(
			'GET',
			`/executions?filter=${filter}&firstId=${afterId}&lastId=${beforeId}&limit=${limit}`,
		);
		if (code !== 200) throw new Error(`GET /rest/executions: HTTP ${code}`);
		return data.results;
	}

	/** Publishes (activates) a workflow's current version, as the editor's Publish button does. */
	async activate(workflowId: string): Promise<void> {
		const workflow = await this.request<{ versionId?: string }>('GET', `/workflows/${workflowId}`);
		if (workflow.status !== 200 || !workflow.data?.versionId) throw new Error(`GET /rest/workflows/${workflowId}: HTTP ${workflow.status}`);
		const { status, data } = await this.request('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.data.versionId });
		if (status !== 200) throw new Error(`POST /rest/workflows/${workflowId}/activate: HTTP ${status} ${JSON.stringify(data).slice(0, 300)}`);
	}

	/** How many finished executions n8n stored for the workflow (the list's `count`; running ones are not counted). */
	async executionCount(workflowId: string): Promise<number> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { status, data } = await this.request<{ count: number }>('GET', `/executions?filter=${filter}&limit=1`);
		if (status !== 200) throw new Error(`GET /rest/executions: HTTP ${status}`);
		return data.count;
	}

	/**
	 * Every execution of the workflow, oldest first. n8n pages by 100 at most: up to 2.40 this follows `lastId`; n8n
	 * 2.41 refuses firstId/lastId (HTTP 400) and pages with the `nextCursor` it returns instead.
	 */
	async allExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const all = new Map<string, ExecutionSummary>();
		let page = '';
		for (;;) {
			const { status, data } = await this.request<{ results: ExecutionSummary[]; nextCursor?: string | null }>(
				'GET',
				`/executions?filter=${filter}&limit=100${page}`,
			);
			if (status !== 200) throw new Error(`GET /rest/executions: HTTP ${status}`);
			for (const execution of data.results) all.set(execution.id, execution);
			if (data.results.length < 100) break;
			page = data.nextCursor
				? `&cursor=${encodeURIComponent(data.nextCursor)}`
				: `&firstId=0&lastId=${Math.min(...data.results.map((execution) => Number(execution.id)))}`;
		}
		return [...all.values()].sort((a, b) => Number(a.id) - Number(b.id));
	}

	async execution(id: string): Promise<ExecutionDetail> {
		const { status, data } = await this.request<ExecutionSummary & { finished: boolean; data: string }>(
			'GET',
			`/executions/${id}`,
		);
		if (status !== 200) throw new Error(`GET /rest/executions/${id}: HTTP ${status}`);
		// n8n stores run data in the `flatted` format; use n8n's own copy of the library to read it.
		const flatted = require(path.join(this.n8nModules, 'flatted')) as { parse(text: string): unknown };
		return { ...data, run: flatted.parse(data.data) as RunJson['data'] };
	}

	async workflow(
		id: string,
	): Promise<{ id: string; name: string; active: boolean; activeVersionId?: string | null; staticData?: Record<string, unknown> | null }> {
		const { status, data } = await this.request<{ id: string; name: string; active: boolean }>('GET', `/workflows/${id}`);
		if (status !== 200) throw new Error(`GET /rest/workflows/${id}: HTTP ${status}`);
		return data;
	}

	/**
	 * Publishes (activates) a workflow's current version, as the editor's Publish button does. One request to a
	 * running main instead of one `n8n publish:workflow` CLI boot per workflow; main registers its webhooks.
	 */
	async publish(workflowId: string): Promise<void> {
		const current = await this.request<{ versionId?: string }>('GET', `/workflows/${workflowId}`);
		if (current.status !== 200 || !current.data?.versionId) {
			throw new Error(`GET /rest/workflows/${workflowId}: HTTP ${current.status} ${JSON.stringify(current.data).slice(0, 300)}`);
		}
		const { status, data } = await this.request('POST', `/workflows/${workflowId}/activate`, { versionId: current.data.versionId });
		if (status !== 200) throw new Error(`publish ${workflowId}: HTTP ${status} ${JSON.stringify(data).slice(0, 500)}`);
	}

	/**
	 * Runs a workflow in the n8n server from one of its triggers, as the editor's “Execute workflow” does (the
	 * server has every module, the Data Table's included, which `n8n execute` does not initialise); returns the
	 * stored execution once it has finished.
	 */
	async runManually(workflowId: string, trigger: string, timeoutMs = 120_000): Promise<ExecutionDetail> {
		const { status, data } = await this.request<{ executionId?: string }>('POST', `/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: trigger },
		});
		if (status !== 200 || !data?.executionId) {
			throw new Error(`POST /rest/workflows/${workflowId}/run: HTTP ${status} ${JSON.stringify(data).slice(0, 300)}`);
		}
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const { data: summary } = await this.request<ExecutionSummary>('GET', `/executions/${data.executionId}`);
			if (summary && !['new', 'running', 'waiting'].includes(summary.status)) return await this.execution(data.executionId);
			if (Date.now() > deadline) throw new Error(`execution ${data.executionId} of ${workflowId} still ${summary?.status}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** The Data Tables this instance has (name, id, and the project each belongs to). */
	async dataTables(): Promise<Array<{ id: string; name: string; projectId: string }>> {
		const { status, data } = await this.request<{ count: number; data: Array<{ id: string; name: string; projectId: string }> }>(
			'GET',
			'/data-tables-global?take=250',
		);
		if (status !== 200) throw new Error(`GET /rest/data-tables-global: HTTP ${status} ${JSON.stringify(data).slice(0, 300)}`);
		return data.data;
	}

	/** Every row of a Data Table, page by page (n8n gives at most 250 per request). */
	async dataTableRows(table: { id: string; projectId: string }): Promise<Array<Record<string, unknown>>> {
		const rows: Array<Record<string, unknown>> = [];
		for (;;) {
			const route = `/projects/${table.projectId}/data-tables/${table.id}/rows?skip=${rows.length}&take=250`;
			const { status, data } = await this.request<{ count: number; data: Array<Record<string, unknown>> }>('GET', route);
			if (status !== 200) throw new Error(`GET /rest${route}: HTTP ${status} ${JSON.stringify(data).slice(0, 300)}`);
			rows.push(...data.data);
			if (rows.length >= data.count || data.data.length === 0) return rows;
		}
	}

	async deleteDataTable(table: { id: string; projectId: string }): Promise<void> {
		const { status, data } = await this.request<unknown>('DELETE', `/projects/${table.projectId}/data-tables/${table.id}`);
		if (status !== 200) throw new Error(`DELETE data-tables/${table.id}: HTTP ${status} ${JSON.stringify(data).slice(0, 300)}`);
	}

	/** The owner's personal project (where data tables and workflows live on a fresh instance). */
	async personalProjectId(): Promise<string> {
		const { status, data } = await this.request<{ id: string }>('GET', '/projects/personal');
		if (status !== 200) throw new Error(`GET /rest/projects/personal: HTTP ${status}`);
		return data.id;
	}

	async createDataTable(projectId: string, name: string, columns: Array<{ name: string; type: 'string' | 'number' | 'boolean' | 'date' }>): Promise<{ id: string }> {
		const { status, data } = await this.request<{ id: string }>('POST', `/projects/${projectId}/data-tables`, { name, columns });
		if (status !== 200) throw new Error(`POST data-tables: HTTP ${status} ${JSON.stringify(data).slice(0, 300)}`);
		return data;
	}

	/** n8n's credential "Test" button: runs the credential type's `test` request with these values. */
	async testCredential(credential: { id: string; name: string; type: string; data: Record<string, unknown> }) {
		const { status, data } = await this.request<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: credential,
		});
		if (status !== 200) throw new Error(`POST /rest/credentials/test: HTTP ${status} ${JSON.stringify(data).slice(0, 300)}`);
		return data;
	}
}
