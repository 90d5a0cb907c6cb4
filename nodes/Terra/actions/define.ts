import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { TERRA_ENDPOINTS, type TerraEndpoint, type TerraEndpointKey } from '../endpoints';
import { knownUser, tagWithUser } from '../helpers/users';
import { DEFAULT_TIMEOUT_SECONDS, terraRequest, type TerraRequest, type TerraResponse } from '../transport';

/**
 * One part of an operation failed while the rest went on (one user of “All Connected Users”, with Continue on
 * Fail): the router turns it into an error item, paired like the others.
 */
export class ItemFailure {
	constructor(readonly error: unknown) {}
}

/** What an operation returns for one input item; the router turns it into output items with pairedItem. */
export type OperationResult = IDataObject | Array<IDataObject | ItemFailure>;

/** What an operation sends: everything of a Terra request except the endpoint and item, which are bound. */
export type EndpointRequestOptions = Omit<TerraRequest, 'endpoint' | 'itemIndex'>;

/** A call to the operation's own endpoint for the current input item (the transport's terraRequest, pre-bound). */
export type EndpointRequest = <T = unknown>(options?: EndpointRequestOptions) => Promise<TerraResponse<T>>;

export interface TerraOperation {
	/** The operation's entry in the Operation picker. */
	option: INodePropertyOptions;
	/** The operation's parameters, shown only for its resource and operation. */
	properties: INodeProperties[];
	/** Every endpoint the operation may call (the operations table in the docs and the tests read it). */
	endpoints: TerraEndpointKey[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
}

export interface TerraResource {
	/** The resource's entry in the Resource picker. */
	option: INodePropertyOptions;
	operations: Record<string, TerraOperation>;
	/** The resource's Operation picker followed by every operation's parameters. */
	properties: INodeProperties[];
}

interface OperationBase {
	resource: string;
	operation: string;
	name: string;
	action: string;
	/** What the operation does, in the user's words; endpoints are listed in the docs' operations table, not here. */
	description: string;
	properties?: INodeProperties[];
}

/** An operation that calls one endpoint: `execute` gets `request`, bound to it and to the item. */
export interface OperationSpec extends OperationBase {
	endpoint: TerraEndpointKey;
	execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest): Promise<OperationResult>;
}

/** An operation whose user picks one of a few endpoints (the widget session): `execute` gets one request per name. */
export interface MultiEndpointOperationSpec<Name extends string> extends OperationBase {
	endpoints: Record<Name, TerraEndpointKey>;
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		requests: Record<Name, EndpointRequest>,
	): Promise<OperationResult>;
}

/** A request bound to its endpoint and item; a failure about a user (user_id in the query or path) names them. */
function bindRequest(context: IExecuteFunctions, endpoint: TerraEndpointKey, itemIndex: number): EndpointRequest {
	return async <T>(options: EndpointRequestOptions = {}) => {
		try {
			return (await terraRequest.call(context, { ...options, endpoint, itemIndex })) as TerraResponse<T>;
		} catch (error) {
			const userId = options.qs?.user_id ?? options.pathParams?.user_id;
			throw typeof userId === 'string' ? tagWithUser(error, knownUser(context, userId)) : error;
		}
	};
}

/** “Timeout (Seconds)” for every operation; the transport reads it as `options.timeoutSeconds`. */
function timeoutOption(endpoints: TerraEndpointKey[]): INodeProperties {
	const seconds = Math.max(
		...endpoints.map((key) => (TERRA_ENDPOINTS[key] as TerraEndpoint).timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
	);
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: seconds,
		description:
			'How long each request may wait for Terra to answer (or to send more of its answer). A request that gets no answer in time fails; requests that are safe to repeat are retried inside the wait budget.',
	};
}

/** The operation's parameters with the timeout added to its Options collection (created when it has none). */
function withTimeoutOption(properties: INodeProperties[], endpoints: TerraEndpointKey[]): INodeProperties[] {
	const timeout = timeoutOption(endpoints);
	const index = properties.findIndex((property) => property.name === 'options' && property.type === 'collection');
	if (index < 0) {
		return [
			...properties,
			{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options: [timeout] },
		];
	}
	const collection = properties[index];
	const options = [...((collection.options ?? []) as INodeProperties[]), timeout].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
	return properties.map((property, position) => (position === index ? { ...collection, options } : property));
}

export function defineOperation(spec: OperationSpec): TerraOperation;
export function defineOperation<Name extends string>(spec: MultiEndpointOperationSpec<Name>): TerraOperation;
export function defineOperation(spec: OperationSpec | MultiEndpointOperationSpec<string>): TerraOperation {
	const named = 'endpoint' in spec ? undefined : spec.endpoints;
	const endpoints = named ? Object.values(named) : [(spec as OperationSpec).endpoint];
	return {
		option: {
			name: spec.name,
			value: spec.operation,
			action: spec.action,
			description: spec.description,
		},
		properties: updateDisplayOptions(
			{ show: { resource: [spec.resource], operation: [spec.operation] } },
			withTimeoutOption(spec.properties ?? [], endpoints),
		),
		endpoints,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			if (!named) {
				const single = spec as OperationSpec;
				return await single.execute.call(this, itemIndex, bindRequest(this, single.endpoint, itemIndex));
			}
			const requests = Object.fromEntries(
				Object.entries(named).map(([name, endpoint]) => [name, bindRequest(this, endpoint, itemIndex)]),
			);
			return await (spec as MultiEndpointOperationSpec<string>).execute.call(this, itemIndex, requests);
		},
	};
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** A resource: its picker entry (with a description for no-code users) and its operations. */
export function defineResource(
	option: INodePropertyOptions & { description: string },
	operations: TerraOperation[],
	defaultOperation?: string,
): TerraResource {
	const initialOperation = defaultOperation ?? String(operations[0].option.value);
	const operationPicker: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [String(option.value)] } },
		default: initialOperation,
		// The operations, sorted by name; the HTTP calls behind them are in the docs' operations table, not here.
		options: operations.map((operation) => operation.option).sort(byName),
	};
	return {
		option,
		operations: Object.fromEntries(operations.map((operation) => [String(operation.option.value), operation])),
		properties: [operationPicker, ...operations.flatMap((operation) => operation.properties)],
	};
}

/**
 * The node's subtitle expression, "Get Many: Sleep": a map from every resource:operation value pair to its picker
 * names. Anything else (n8n's Custom API Call) shows its raw values.
 */
export function subtitleExpression(resources: TerraResource[]): string {
	const names: Record<string, string> = {};
	for (const resource of resources) {
		for (const operation of Object.values(resource.operations)) {
			names[`${String(resource.option.value)}:${String(operation.option.value)}`] =
				`${operation.option.name}: ${resource.option.name}`;
		}
	}
	const key = '$parameter["resource"] + ":" + $parameter["operation"]';
	return `={{ (${JSON.stringify(names)})[${key}] || $parameter["operation"] + ": " + $parameter["resource"] }}`;
}
