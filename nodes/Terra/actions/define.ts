import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { endpointLabel, type TerraEndpointKey } from '../endpoints';

/** What an operation returns for one input item; the router turns it into output items with pairedItem. */
export type OperationResult = IDataObject | IDataObject[];

export interface TerraOperation {
	/** The operation's entry in the Operation picker. */
	option: INodePropertyOptions;
	/** The operation's parameters, shown only for its resource and operation. */
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
}

export interface TerraResource {
	/** The resource's entry in the Resource picker. */
	option: INodePropertyOptions;
	operations: Record<string, TerraOperation>;
	/** The resource's Operation picker followed by every operation's parameters. */
	properties: INodeProperties[];
}

export interface OperationSpec {
	resource: string;
	operation: string;
	name: string;
	action: string;
	/** Endpoints this operation calls; shown in the picker so users see exactly what is sent. */
	endpoints: TerraEndpointKey[];
	summary: string;
	properties?: INodeProperties[];
	execute: TerraOperation['execute'];
}

export function defineOperation(spec: OperationSpec): TerraOperation {
	return {
		option: {
			name: spec.name,
			value: spec.operation,
			action: spec.action,
			description: `${spec.summary} (${spec.endpoints.map(endpointLabel).join(' or ')})`,
		},
		properties: updateDisplayOptions(
			{ show: { resource: [spec.resource], operation: [spec.operation] } },
			spec.properties ?? [],
		),
		execute: spec.execute,
	};
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export function defineResource(
	option: INodePropertyOptions,
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
		options: operations.map((operation) => operation.option).sort(byName),
	};
	return {
		option,
		operations: Object.fromEntries(operations.map((operation) => [String(operation.option.value), operation])),
		properties: [operationPicker, ...operations.flatMap((operation) => operation.properties)],
	};
}
