import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AccountUpdate } from '../../shared/api';
import { updateFieldsProperty } from '../../shared/descriptions';
import { checkId } from '../../shared/validation';
import { bulkOperation } from './bulk';
import { readUpdateFields, requireSomeField, valid } from './parameters';
import type { BatchOperation, ItemOperation } from './types';

/**
 * Accounts and organisation services change the same fields (name, description, active,
 * arrears; synthesize-api.md §7.3, §8.2), one at a time or in bulk: one factory for each, so the
 * twins of the two resources differ only in what names them.
 */

interface UpdateTarget {
	resource: 'account' | 'organizationService';
	/** What the field descriptions and messages call it: "account" or "service". */
	what: string;
	/** A notice shown first (e.g. the route's lower confidence). */
	notice?: string;
}

function noticeProperty(notice: string | undefined): INodeProperties[] {
	return notice
		? [{ displayName: notice, name: 'confidenceNotice', type: 'notice', default: '' }]
		: [];
}

function readUpdate(context: IExecuteFunctions, itemIndex: number, what: string): AccountUpdate {
	const update = readUpdateFields(
		context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
	);
	requireSomeField.call(context, update as IDataObject, itemIndex, what);
	return update;
}

/** Update: one request per item. */
export function updateOneOperation(
	target: UpdateTarget & {
		route: 'updateAccount' | 'updateOrganizationService';
		idProperty: INodeProperties;
		/** The item's id, as its parameter gives it (a resource locator or a plain field). */
		readId: (context: IExecuteFunctions, itemIndex: number) => unknown;
		idLabel: string;
	},
): ItemOperation {
	return {
		kind: 'item',
		description: updateDisplayOptions(
			{ show: { resource: [target.resource], operation: ['update'] } },
			[...noticeProperty(target.notice), target.idProperty, updateFieldsProperty(target.what)],
		),
		async execute(itemIndex, { api, partners }) {
			const id = valid(this, checkId(target.readId(this, itemIndex), target.idLabel), itemIndex);
			const body = readUpdate(this, itemIndex, target.what) as IDataObject;
			const call = await partners.forItem(itemIndex);
			const answer =
				target.route === 'updateAccount'
					? await api.call('updateAccount', { params: { accountId: id }, body }, call)
					: await api.call('updateOrganizationService', { params: { serviceId: id }, body }, call);
			return answer as unknown as IDataObject;
		},
	};
}

/** Update Many: one item per record, sent in bulk requests (newer API, body inferred). */
export function updateManyOperation(
	target: UpdateTarget & {
		route: 'updateAccountsBulk' | 'updateOrganizationServicesBulk';
		idLabel: string;
		idPlaceholder: string;
		idDescription: string;
	},
): BatchOperation {
	return bulkOperation<AccountUpdate & { id: string }>({
		show: { resource: target.resource, operation: 'updateMany' },
		properties: [
			...noticeProperty(target.notice),
			{
				displayName: target.idLabel,
				name: 'id',
				type: 'string',
				required: true,
				default: '',
				placeholder: target.idPlaceholder,
				description: target.idDescription,
			},
			updateFieldsProperty(target.what),
		],
		route: target.route,
		idLabel: target.idLabel,
		build(itemIndex) {
			const update = readUpdate(this, itemIndex, target.what);
			return {
				id: valid(this, checkId(this.getNodeParameter('id', itemIndex), target.idLabel), itemIndex),
				...update,
			};
		},
	});
}
