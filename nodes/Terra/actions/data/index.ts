import { defineResource, type TerraOperation, type TerraResource } from '../define';
import { createCreateOperation } from './create.operation';
import { createDeleteOperation } from './delete.operation';
import { createGetOperation } from './get.operation';
import { TERRA_DATA_TYPES } from './catalogue';

/** One resource per Terra data type, each built from the data-type table. */
export const dataResources: Record<string, TerraResource> = Object.fromEntries(
	TERRA_DATA_TYPES.map((type) => {
		const operations: TerraOperation[] = [createGetOperation(type)];
		if (type.createEndpoint) operations.push(createCreateOperation(type));
		if (type.deleteEndpoint) operations.push(createDeleteOperation(type));
		return [
			type.resource,
			defineResource(
				{ name: type.displayName, value: type.resource, description: type.description },
				operations,
			),
		];
	}),
);
