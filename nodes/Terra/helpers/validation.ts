import { NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const UUID = new RegExp(UUID_PATTERN);

export function invalidInput(
	node: INode,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, description });
}

export function requireUuid(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!UUID.test(text)) {
		throw invalidInput(
			node,
			itemIndex,
			text ? `“${field}” is not a Terra user ID: “${text.slice(0, 60)}”` : `“${field}” is empty`,
			'Terra user IDs are UUIDs such as 2f1c6b8e-6a3e-4c1d-9d0e-5b7f2a9c4e11. Pick the user from the list, or use “By Reference ID” if you have your own ID for them.',
		);
	}
	return text.toLowerCase();
}

export function requireText(node: INode, itemIndex: number, field: string, value: unknown, hint: string): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) throw invalidInput(node, itemIndex, `“${field}” is empty`, hint);
	return text;
}

/** Terra's workout and planned-workout IDs are int64 numbers carried as strings. */
export function requireNumericId(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d{1,19}$/.test(text)) {
		throw invalidInput(
			node,
			itemIndex,
			text ? `“${field}” must be a numeric Terra ID, got “${text.slice(0, 60)}”` : `“${field}” is empty`,
			'Terra returns these IDs when you create the workout (workout_id) or plan it (planned_workout_id), e.g. 1024.',
		);
	}
	return text;
}

/** A list typed as a comma/newline separated string, or an array from an expression. */
export function parseIdList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((entry) => String(entry)) : String(value ?? '').split(/[\s,]+/);
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

export function requireNonEmptyList(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	hint: string,
): string[] {
	const list = parseIdList(value);
	if (list.length === 0) throw invalidInput(node, itemIndex, `“${field}” has no IDs`, hint);
	return list;
}

/** Parses a JSON parameter that may already be an object (n8n gives objects for JSON typed via expressions). */
export function parseJsonParameter(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	hint: string,
): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		throw invalidInput(node, itemIndex, `“${field}” is not valid JSON: ${(error as Error).message}`, hint);
	}
}

export function requireBinaryProperty(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): void {
	const item = context.getInputData()[itemIndex];
	const available = Object.keys(item?.binary ?? {});
	if (!propertyName.trim() || !item?.binary?.[propertyName]) {
		throw invalidInput(
			context.getNode(),
			itemIndex,
			`The input item has no binary property “${propertyName}”`,
			available.length
				? `Set “Input Binary Field” to one of: ${available.join(', ')}.`
				: 'Feed this node an item with a file, e.g. from Read/Write Files from Disk, HTTP Request (response format File) or a form upload.',
		);
	}
}

/** A resource locator's value; a bare value (an expression, or a workflow saved before the field was a locator) as is. */
export function locatorValue(context: IExecuteFunctions, name: string, itemIndex: number): unknown {
	const value = context.getNodeParameter(name, itemIndex) as unknown;
	return typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value;
}
