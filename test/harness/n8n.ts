/**
 * Runs our nodes inside n8n-core's real execution engine (WorkflowExecute, ExecuteContext, LoadOptionsContext),
 * the way n8n's own NodeTestHarness does, but without its private helpers: parameters are resolved, credentials are
 * applied by the credential's `authenticate` block, `httpRequestWithAuthentication` really sends HTTP (to the
 * emulator on loopback), and continueOnFail/pairedItem behave as in n8n.
 */
import { ErrorReporter, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	LoggerProxy,
	Workflow,
	createRunExecutionData,
	type IAuthenticateGeneric,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
	type NodeParameterValue,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { TerraApi } from '../../credentials/TerraApi.credentials';

const credentialTypes: Record<string, ICredentialType> = { terraApi: new TerraApi() };

export interface LogEntry {
	level: 'debug' | 'info' | 'warn' | 'error' | 'report';
	message: string;
	meta?: unknown;
}

/** Records what the nodes log (through `this.logger` or LoggerProxy) instead of printing it. */
export class RecordingLogger {
	entries: LogEntry[] = [];

	debug(message: string, meta?: unknown) {
		this.entries.push({ level: 'debug', message, meta });
	}

	info(message: string, meta?: unknown) {
		this.entries.push({ level: 'info', message, meta });
	}

	warn(message: string, meta?: unknown) {
		this.entries.push({ level: 'warn', message, meta });
	}

	error(message: string, meta?: unknown) {
		this.entries.push({ level: 'error', message, meta });
	}

	scoped() {
		return this;
	}
}

// n8n-core resolves its logger and error reporter from its own copy of the DI container (it ships a nested
// @n8n/di and @n8n/backend-common); both would print every expected failure with a stack.
const fromCore = (name: string) => require(require.resolve(name, { paths: [require.resolve('n8n-core')] }));
const { Container } = fromCore('@n8n/di') as {
	Container: { get<T>(type: new (...args: never[]) => T): T; set(type: unknown, value: unknown): void };
};
const { Logger } = fromCore('@n8n/backend-common') as { Logger: unknown };
let currentLogger = new RecordingLogger();

/** Starts a fresh recording: what nodes log from now on lands in the returned logger's `entries`. */
export function installRecordingLogger(): RecordingLogger {
	currentLogger = new RecordingLogger();
	LoggerProxy.init(currentLogger as unknown as Parameters<typeof LoggerProxy.init>[0]);
	Container.set(Logger, currentLogger);
	return currentLogger;
}

installRecordingLogger();
(Container.get(ErrorReporter) as unknown as { report: (error: Error) => void }).report = (error) =>
	void currentLogger.entries.push({ level: 'report', message: error.message });

/** Applies a credential type's `authenticate` the way n8n's CredentialsHelper does (expressions see `$credentials`). */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		if (!type?.authenticate) return requestOptions;
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=') && workflow && node
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, value)
				: value;
		const generic = type.authenticate as IAuthenticateGeneric;
		const result: IHttpRequestOptions = { ...requestOptions };
		for (const key of ['headers', 'qs', 'body'] as const) {
			const props = generic.properties[key] as IDataObject | undefined;
			if (!props) continue;
			const target = { ...((result[key] as IDataObject | undefined) ?? {}) };
			for (const [name, value] of Object.entries(props)) target[name] = resolve(value) as IDataObject[string];
			(result as unknown as IDataObject)[key] = target;
		}
		return result;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('getCredentials is not used by these nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return credentialTypes[type]?.properties ?? [];
	}
}

export function nodeTypesOf(...types: Array<{ name: string; type: INodeType }>): INodeTypes {
	const byName = new Map(types.map(({ name, type }) => [name, type]));
	const get = (name: string) => {
		const type = byName.get(name);
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	};
	return {
		getByName: get,
		getByNameAndVersion: get,
		getKnownTypes: () => ({}),
	};
}

export interface NodeUnderTest {
	/** The node type's full name as n8n sees it, e.g. 'n8n-nodes-terra.terra'. */
	typeName: string;
	type: INodeType;
}

export interface RunNodeOptions {
	node: NodeUnderTest;
	parameters: INode['parameters'];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items the node receives (default: one empty item). */
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** “On Error: Continue (using error output)”: failing items go to a second output. */
	errorOutput?: boolean;
	mode?: WorkflowExecuteMode;
	/** The workflow's timezone (workflow settings → Timezone); n8n's default when absent. */
	timezone?: string;
	/** The node's version (default 1, as workflows saved before version 1.1 have it). */
	typeVersion?: number;
}

export interface NodeRunResult {
	/** Items on the first output. */
	items: INodeExecutionData[];
	/** Items on the error output (with `errorOutput`). */
	errorItems: INodeExecutionData[];
	/** The error the execution stopped with, if any (as n8n stores it). */
	error?: IRun['data']['resultData']['error'];
	run: IRun;
}

const NODE_NAME = 'Terra';

function buildWorkflow(
	options: Pick<RunNodeOptions, 'node' | 'parameters' | 'continueOnFail' | 'errorOutput' | 'timezone' | 'typeVersion'>,
) {
	const node: INode = {
		id: 'node-under-test',
		name: NODE_NAME,
		type: options.node.typeName,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { terraApi: { id: 'test-credential', name: 'Terra test credential' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [node],
		connections: {},
		nodeTypes: nodeTypesOf({ name: options.node.typeName, type: options.node.type }),
		active: false,
		settings: options.timezone ? { timezone: options.timezone } : {},
	});
	return { node, workflow };
}

export function createAdditionalData(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		hooks,
		currentNodeParameters: undefined,
		executionId: 'test-execution',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Executes one node with the given input items through n8n-core's WorkflowExecute. */
export async function runNode(options: RunNodeOptions): Promise<NodeRunResult> {
	const { node, workflow } = buildWorkflow(options);
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: workflow.id,
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let finish!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (finish = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finish(run));

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [options.input ?? [{ json: {} }]] }, source: null }],
		},
	});

	const execute = new WorkflowExecute(
		createAdditionalData(options.credentials ?? {}, hooks),
		mode,
		runExecutionData,
	);
	try {
		await execute.processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a workflow whose node has parameter issues (e.g. a locator failing its regex).
		return { items: [], errorItems: [], error: error as NodeRunResult['error'], run: undefined as unknown as IRun };
	}
	const run = await finished;
	const nodeRuns = run.data.resultData.runData[NODE_NAME] ?? [];
	const items = nodeRuns[0]?.data?.main?.[0] ?? [];
	const errorItems = nodeRuns[0]?.data?.main?.[1] ?? [];
	return { items, errorItems, error: run.data.resultData.error, run };
}

/** Calls one of the node's `methods.listSearch` functions through n8n-core's LoadOptionsContext. */
export async function runListSearch(
	options: Pick<RunNodeOptions, 'node' | 'parameters' | 'credentials'> & {
		method: string;
		filter?: string;
		paginationToken?: string;
		path?: string;
	},
): Promise<INodeListSearchResult> {
	const { node, workflow } = buildWorkflow(options);
	const context = new LoadOptionsContext(
		workflow,
		node,
		createAdditionalData(options.credentials ?? {}),
		options.path ?? 'parameters.user',
	);
	const method = options.node.type.methods?.listSearch?.[options.method];
	if (!method) throw new Error(`No listSearch method ${options.method}`);
	return await method.call(context, options.filter, options.paginationToken);
}

/** Calls one of the node's `methods.loadOptions` functions through n8n-core's LoadOptionsContext. */
export async function runLoadOptions(
	options: Pick<RunNodeOptions, 'node' | 'parameters' | 'credentials'> & { method: string; path?: string },
): Promise<INodePropertyOptions[]> {
	const { node, workflow } = buildWorkflow(options);
	const context = new LoadOptionsContext(
		workflow,
		node,
		createAdditionalData(options.credentials ?? {}),
		options.path ?? 'parameters.provider',
	);
	const method = options.node.type.methods?.loadOptions?.[options.method];
	if (!method) throw new Error(`No loadOptions method ${options.method}`);
	return await method.call(context);
}

export type { NodeParameterValue };
