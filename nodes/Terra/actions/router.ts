import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { WITHOUT_SCHEMA_WALK } from '../helpers/parameters';
import { taggedUser } from '../helpers/users';
import { ItemFailure, type OperationResult } from './define';
import { TERRA_RESOURCES } from './resources';

/** The picker entry n8n adds to nodes whose credential can authenticate an HTTP Request node. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/**
 * Runs the chosen operation once per input item. Every output item is paired with the input item it came from;
 * with "Continue on Fail" a failing item (or one failing user of a fan-out) yields an error item, naming the user
 * it was about, and the other items still run.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex, undefined, WITHOUT_SCHEMA_WALK) as string;
			const operation = this.getNodeParameter('operation', itemIndex, undefined, WITHOUT_SCHEMA_WALK) as string;
			if (resource === CUSTOM_API_CALL || operation === CUSTOM_API_CALL) {
				throw new NodeOperationError(this.getNode(), 'Custom API calls are made with the HTTP Request node', {
					itemIndex,
					description:
						'Add an HTTP Request node, set Authentication to “Predefined Credential Type” and choose “Terra API”: it sends the dev-id and x-api-key headers for you.',
				});
			}
			const handler = TERRA_RESOURCES[resource]?.operations[operation];
			if (!handler) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation “${operation}” is not supported for resource “${resource}”`,
					{ itemIndex, description: 'Pick the resource and operation again in the node.' },
				);
			}
			const result: OperationResult = await handler.execute.call(this, itemIndex);
			for (const entry of Array.isArray(result) ? result : [result]) {
				output.push(
					entry instanceof ItemFailure
						? errorItem(this, entry.error, itemIndex)
						: { json: entry, pairedItem: { item: itemIndex } },
				);
			}
		} catch (error) {
			if (this.continueOnFail()) {
				output.push(errorItem(this, error, itemIndex));
				continue;
			}
			throw asNodeError(this, error, itemIndex);
		}
	}
	return [output];
}

/**
 * `{error, details}` plus the user it was about (user_id, provider, reference_id where known). With “On Error:
 * Continue (using error output)” it stays `{error, details}`: n8n sends an item to the error output only when its
 * json has no other keys (setting the item's `error` would route it too, but n8n then keeps only the message).
 */
function errorItem(context: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: (error as Error).message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.details = description;
	if (context.getNode().onError !== 'continueErrorOutput') Object.assign(json, taggedUser(error));
	return { json, pairedItem: { item: itemIndex } };
}

/** Errors this node raised already name the node, item and fix: they go to n8n as they are. Anything else is wrapped. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
