import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AccountUpdate } from '../../shared/api';
import { itemSuffix } from '../../shared/transport';
import type { Check } from '../../shared/validation';
import { valueAtPath } from '../../shared/validation';

/** Reading node parameters and item fields, and refusing what cannot be sent. */

/** Throws a NodeOperationError naming the item and the fix when an input check failed. */
export function valid<T>(context: IExecuteFunctions, check: Check<T>, itemIndex: number): T {
	if (check.ok) return check.value;
	throw new NodeOperationError(context.getNode(), `${check.problem}${itemSuffix(itemIndex)}`, {
		itemIndex,
		description: check.fix,
	});
}

/** Reads a resource locator's value (list or id mode). */
export function locatorValue(this: IExecuteFunctions, name: string, itemIndex: number): unknown {
	return this.getNodeParameter(name, itemIndex, '', { extractValue: true });
}

/**
 * A resource locator's id, checked (`checkId`, `checkObjectId`…), or the error naming the item.
 * @param label what the id is, in the message ("Account", "Service")
 */
export function locatorId(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	check: (raw: unknown, label: string) => Check<string>,
	label: string,
): string {
	return valid(this, check(locatorValue.call(this, name, itemIndex), label), itemIndex);
}

/** Drops undefined and empty-string fields so partial updates send only what the user set. */
export function compact(values: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(values)) {
		if (value !== undefined && value !== '') result[key] = value;
	}
	return result;
}

export function requireSomeField(
	this: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
	what: string,
): void {
	if (Object.keys(fields).length > 0) return;
	throw new NodeOperationError(this.getNode(), `Nothing to update${itemSuffix(itemIndex)}`, {
		itemIndex,
		description: `Add at least one field under "Update Fields" to change the ${what}.`,
	});
}

export function readUpdateFields(fields: IDataObject): AccountUpdate {
	const update: AccountUpdate = {};
	if (typeof fields.name === 'string' && fields.name.trim() !== '')
		update.name = fields.name.trim();
	if (typeof fields.description === 'string') update.description = fields.description;
	if (typeof fields.isActive === 'boolean') update.isActive = fields.isActive;
	if (typeof fields.isArrears === 'boolean') update.isArrears = fields.isArrears;
	return update;
}

/** Reads `a.b.c` from an item's JSON. */
export function fieldValue(json: IDataObject, path: string): unknown {
	if (path in json) return json[path];
	return valueAtPath(json, path);
}
