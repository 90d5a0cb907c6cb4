/**
 * A loopback HTTP server that runs the Terra Trigger's `webhook()` the way n8n's webhook server does, so tests can
 * POST real requests (from the emulator's sendEvent or startEmulator) at it:
 *
 * - the request body is read raw; `Content-Encoding: gzip|deflate` is decoded first and the decoded bytes become
 *   `req.rawBody`; `application/json` bodies are also parsed into `req.body` (n8n's rawBodyReader + parseBody in
 *   packages/cli/src/middlewares/body-parser.ts);
 * - the node runs inside n8n-core's real `WebhookContext` (parameters, credentials through the test credentials
 *   helper, `getWorkflowStaticData`, `helpers.httpRequest`, the logger from the DI container);
 * - the result is answered as packages/cli/src/webhooks/webhook-helpers.ts does: `noWebhookResponse` → the node
 *   already answered; no `workflowData` → 200 `{ message: 'Webhook call received' }` and no execution; otherwise
 *   n8n stores an execution with `workflowData` and only then answers (responseMode onReceived, responseData
 *   noData) an empty 200, or 500 when storing it failed; a thrown error → 500;
 * - workflow static data is loaded before each request and saved when n8n answers it successfully (right after
 *   webhook() for `noWebhookResponse`, after storing the execution otherwise), as for a production webhook; before
 *   storing an execution, n8n 2.40.7's WorkflowRunner.run() wraps the same static data in a new Workflow, which
 *   clears its "changed" flag, and so does this harness.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateSync, gunzipSync } from 'node:zlib';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	deepCopy,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TerraTrigger } from '../../nodes/TerraTrigger/TerraTrigger.node';
import { createAdditionalData, nodeTypesOf } from '../harness/n8n';

export const TRIGGER_TYPE = 'n8n-nodes-terra.terraTrigger';
export const NODE_NAME = 'Terra Trigger';

/** One request the trigger handled, as n8n would have answered it. */
export interface HandledDelivery {
	status: number;
	responseBody: string;
	/** Whether n8n would start an execution. */
	executed: boolean;
	/** The items of that execution (first output). */
	items: INodeExecutionData[];
	result?: IWebhookResponseData;
	error?: Error;
	/** With Acknowledge Terra “When Workflow Finishes”: whether the workflow finished successfully. */
	workflowSucceeded?: boolean;
}

export interface TriggerServerOptions {
	parameters: INodeParameters;
	/** The terraApi credential's data (signingSecret etc.). */
	credentials?: ICredentialDataDecryptedObject;
	/** Initial workflow static data. */
	staticData?: IDataObject;
	/**
	 * The workflow's ID (default: a new one per server, as if each server were its own workflow). The trigger keeps
	 * recent deliveries in its process's memory per workflow, so two servers with one ID share that memory.
	 */
	workflowId?: string;
	/** The node type instance (default: the one loaded with this module); a test can pass one from a fresh module registry to simulate a restarted n8n. */
	nodeType?: TerraTrigger;
	/**
	 * The terraApi credential's ID (default: a new one per server). The trigger caches the signing secret per credential
	 * ID in its process, so two servers with one ID share that cache, as two workflows using one credential do.
	 */
	credentialId?: string;
	/** n8n's execution mode for webhook(): 'webhook' (production URL, the default) or 'manual' (test URL). */
	mode?: 'webhook' | 'manual';
	/** A wait after the body was read and before webhook() runs: n8n's own work per request under load. */
	delayBeforeWebhookMs?: number;
	/** How long n8n takes to store an execution before it answers (its database under load). */
	storeExecutionDelayMs?: number;
	/**
	 * Whether n8n manages to store the nth execution it tries to (1-based): false is what n8n 2.40.7 does when
	 * SQLite's write lock times out, answering 500 "There was a problem executing the workflow".
	 */
	storesExecution?: (attempt: number) => boolean;
	/** The node's typeVersion (default 2, what new workflows get). */
	typeVersion?: number;
	/**
	 * With Acknowledge Terra “When Workflow Finishes” (n8n's lastNode response mode): whether the nth stored execution
	 * (1-based) finishes successfully. n8n answers a failed one 500 "Error in workflow", after saving the static data.
	 */
	workflowSucceeds?: (attempt: number) => boolean;
}

export interface TriggerServer {
	url: string;
	/** Every request handled, in order. */
	deliveries: HandledDelivery[];
	/** Only the requests that started an execution. */
	executions(): HandledDelivery[];
	/** The workflow static data as saved after the last request. */
	staticData: IDataObject;
	/** How often n8n would have written the static data to its database (each write delays that request's answer). */
	readonly staticDataSaves: number;
	/** How many times the node read the terraApi credential (n8n's getCredentials) since the server started. */
	readonly credentialReads: number;
	/** Changes the terraApi credential's data, as a user saving the credential in n8n does. */
	updateCredentials(data: ICredentialDataDecryptedObject): void;
	/** Runs webhookMethods.default.checkExists (then create if it returned false), as n8n does on activation. */
	activate(): Promise<void>;
	waitForDeliveries(count: number, timeoutMs?: number): Promise<HandledDelivery[]>;
	close(): Promise<void>;
}

const defaultTrigger = new TerraTrigger();
let servers = 0;

function buildWorkflow(trigger: TerraTrigger, workflowId: string, credentialId: string, typeVersion: number, parameters: INodeParameters, staticData: IDataObject) {
	const rawStaticData = deepCopy(staticData);
	const node: INode = {
		id: 'terra-trigger-node',
		name: NODE_NAME,
		type: TRIGGER_TYPE,
		typeVersion,
		position: [0, 0],
		parameters,
		webhookId: '6f3c2a8e-5b1d-4c7e-9a0f-2d4b6e8c1a3f',
		credentials: { terraApi: { id: credentialId, name: 'Terra test credential' } },
	};
	const workflow = new Workflow({
		id: workflowId,
		name: 'Terra Trigger test',
		nodes: [node],
		connections: {},
		nodeTypes: nodeTypesOf({ name: TRIGGER_TYPE, type: trigger }),
		active: true,
		staticData: rawStaticData,
	});
	return { node, workflow, rawStaticData };
}

function webhookDataFor(trigger: TerraTrigger, workflowId: string, additionalData: IWorkflowExecuteAdditionalData): IWebhookData {
	const description = trigger.description.webhooks![0];
	return {
		httpMethod: 'POST',
		node: NODE_NAME,
		path: `6f3c2a8e-5b1d-4c7e-9a0f-2d4b6e8c1a3f/${String(description.path)}`,
		webhookDescription: description,
		workflowId,
		workflowExecuteAdditionalData: additionalData,
	};
}

/** The slice of express's Response the trigger (and n8n's defaults) use. */
function expressLikeResponse(res: ServerResponse) {
	const send = (body: unknown) => {
		if (res.writableEnded) return shim;
		if (Buffer.isBuffer(body) || typeof body === 'string') {
			if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
			res.end(body);
		} else {
			res.setHeader('content-type', 'application/json; charset=utf-8');
			res.end(JSON.stringify(body));
		}
		return shim;
	};
	const shim = Object.assign(res, {
		status(code: number) {
			res.statusCode = code;
			return shim;
		},
		send,
		json(body: unknown) {
			if (!res.writableEnded) res.setHeader('content-type', 'application/json; charset=utf-8');
			return send(body === undefined ? null : body);
		},
	});
	return shim;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const raw = Buffer.concat(chunks);
	const encoding = req.headers['content-encoding'];
	if (encoding === 'gzip') return gunzipSync(raw);
	if (encoding === 'deflate') return inflateSync(raw);
	return raw;
}

export async function startTriggerServer(options: TriggerServerOptions): Promise<TriggerServer> {
	const deliveries: HandledDelivery[] = [];
	const waiters: Array<() => void> = [];
	const state = { staticData: deepCopy(options.staticData ?? {}) as IDataObject, staticDataSaves: 0 };
	let credentialData: ICredentialDataDecryptedObject = { signingSecret: '', ...(options.credentials ?? {}) };
	let credentialReads = 0;
	// The test credentials helper looks the data up once per getCredentials call: that lookup is counted.
	const credentials = {
		get terraApi() {
			credentialReads++;
			return credentialData;
		},
	};
	const trigger = options.nodeType ?? defaultTrigger;
	const workflowId = options.workflowId ?? `trigger-workflow-${++servers}`;
	const credentialId = options.credentialId ?? `test-credential-${servers}-${workflowId}`;
	const mode = options.mode ?? 'webhook';
	const typeVersion = options.typeVersion ?? 2;
	// The response mode as n8n resolves the webhook description's template for these parameters.
	const whenFinished = typeVersion >= 2 && options.parameters.acknowledge === 'lastNode';
	let executionAttempts = 0;
	let workflowRuns = 0;

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const rawBody = await readBody(req);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const [type, ...parameters] = (req.headers['content-type'] ?? '').split(';');
		const contentType = type.trim().toLowerCase();
		// n8n's parseContentType: the charset parameter, utf-8 when absent, lower-cased.
		const charset = parameters.map((parameter) => parameter.trim().split('=')).find(([name]) => name.toLowerCase() === 'charset')?.[1];
		const encoding = (charset ?? 'utf-8').replace(/^"|"$/g, '').toLowerCase();
		let body: unknown = {};
		if (contentType === 'application/json' && rawBody.length > 0) {
			try {
				// n8n 2.40.7's parseBody: decoded by the charset, a byte order mark stripped, then parsed.
				const text = rawBody.toString(encoding as BufferEncoding);
				body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
			} catch {
				// n8n answers 422 "Failed to parse request body" before the node runs.
				res.statusCode = 422;
				res.end('Failed to parse request body');
				record({ status: 422, responseBody: 'Failed to parse request body', executed: false, items: [] });
				return;
			}
		}
		const request = Object.assign(req, {
			rawBody,
			body,
			contentType,
			encoding,
			query: Object.fromEntries(url.searchParams),
			params: {},
			readRawBody: async () => {},
		});
		const response = expressLikeResponse(res);
		const captured: string[] = [];
		const originalEnd = res.end.bind(res);
		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) captured.push(chunk.toString());
			return originalEnd(chunk as never, ...(rest as never[]));
		}) as typeof res.end;

		if (options.delayBeforeWebhookMs) await new Promise((resolve) => setTimeout(resolve, options.delayBeforeWebhookMs));
		const { node, workflow, rawStaticData } = buildWorkflow(trigger, workflowId, credentialId, typeVersion, options.parameters, state.staticData);
		const additionalData = createAdditionalData(credentials);
		additionalData.httpRequest = request as never;
		additionalData.httpResponse = response as never;
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookDataFor(trigger, workflowId, additionalData), [], null);

		let result: IWebhookResponseData | undefined;
		let error: Error | undefined;
		try {
			result = await trigger.webhook.call(context);
		} catch (caught) {
			error = caught as Error;
		}
		// n8n loads the static data when the request arrives and writes all of it back when it answers successfully, only
		// when it changed (manual runs never save it): concurrent requests overwrite each other's changes, as in n8n.
		const saveStaticData = () => {
			if (mode === 'webhook' && (workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true) {
				state.staticDataSaves++;
				state.staticData = deepCopy(workflow.staticData) as IDataObject;
				delete (state.staticData as { __dataChanged?: unknown }).__dataChanged;
			}
		};

		if (error) {
			if (!res.writableEnded) response.status(500).json({ code: 0, message: error.message });
			record({ status: res.statusCode, responseBody: captured.join(''), executed: false, items: [], error });
			return;
		}
		const workflowData = result?.workflowData;
		if (result?.noWebhookResponse === true && !res.writableEnded) {
			throw new Error('The node returned noWebhookResponse without answering the request');
		}
		if (workflowData === undefined) {
			if (!res.writableEnded) response.status(200).json(result?.webhookResponse ?? { message: 'Webhook call received' });
			saveStaticData();
			record({ status: res.statusCode, responseBody: captured.join(''), executed: false, items: [], result });
			return;
		}
		if (result?.noWebhookResponse === true) {
			throw new Error('The node answered the request itself and started an execution: Terra would get its 200 before n8n stored it');
		}
		// As WorkflowRunner.run() does in n8n 2.40.7: a new Workflow over the same static data clears its "changed" flag.
		new Workflow({ id: workflowId, nodes: [node], connections: {}, nodeTypes: workflow.nodeTypes, active: true, staticData: rawStaticData });
		// Storing the execution takes database I/O: at least a turn of the event loop.
		await new Promise((resolve) => setTimeout(resolve, options.storeExecutionDelayMs ?? 2));
		if (options.storesExecution && !options.storesExecution(++executionAttempts)) {
			response.status(500).json({ code: 0, message: 'There was a problem executing the workflow' });
			record({ status: 500, responseBody: captured.join(''), executed: false, items: [], result });
			return;
		}
		if (whenFinished && options.workflowSucceeds && !options.workflowSucceeds(++workflowRuns)) {
			// n8n 2.40.7 (webhook-helpers.js, lastNode): a failed execution is answered 500 through responseCallback(null, …),
			// and LiveWebhooks saves the static data on that path too, before the answer.
			saveStaticData();
			response.status(500).json({ message: 'Error in workflow' });
			record({ status: 500, responseBody: captured.join(''), executed: true, items: workflowData[0] ?? [], result, workflowSucceeded: false });
			return;
		}
		// responseData 'noData' (the node's webhook description): an empty 200, on receipt or when the workflow finished.
		// LiveWebhooks.executeWebhook saves the static data first, then answers.
		saveStaticData();
		response.status(200).end();
		record({
			status: res.statusCode,
			responseBody: captured.join(''),
			executed: true,
			items: workflowData[0] ?? [],
			result,
			...(whenFinished ? { workflowSucceeded: true } : {}),
		});
	}

	function record(delivery: HandledDelivery) {
		deliveries.push(delivery);
		for (const wake of waiters.splice(0)) wake();
	}

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			if (!res.writableEnded) {
				res.statusCode = 500;
				res.end(error.message);
			}
			record({ status: 500, responseBody: error.message, executed: false, items: [], error });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/webhook/6f3c2a8e-5b1d-4c7e-9a0f-2d4b6e8c1a3f/webhook`,
		deliveries,
		executions: () => deliveries.filter((delivery) => delivery.executed),
		get staticDataSaves() {
			return state.staticDataSaves;
		},
		get staticData() {
			return state.staticData;
		},
		get credentialReads() {
			return credentialReads;
		},
		updateCredentials(data) {
			credentialData = { ...data };
		},
		async activate() {
			const { node, workflow } = buildWorkflow(trigger, workflowId, credentialId, typeVersion, options.parameters, state.staticData);
			const additionalData = createAdditionalData(credentials);
			const context = new HookContext(workflow, node, additionalData, 'trigger', 'activate', webhookDataFor(trigger, workflowId, additionalData));
			const methods = trigger.webhookMethods.default;
			if (!(await methods.checkExists.call(context))) await methods.create.call(context);
		},
		async waitForDeliveries(count: number, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			while (deliveries.length < count) {
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`Timed out waiting for ${count} deliveries (got ${deliveries.length})`);
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, left);
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
			return deliveries.slice(0, count);
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			}),
	};
}
