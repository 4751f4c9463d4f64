import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { AccountUpdate } from '../../../shared/api';

/** Fields an account or an organisation service can change (synthesize-api.md §7.3, §8.2). */
export function updateFieldsProperty(what: string): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Is Active',
				name: 'isActive',
				type: 'boolean',
				default: true,
				description: `Whether the ${what} is active (newer API field)`,
			},
			{
				displayName: 'Is Arrears',
				name: 'isArrears',
				type: 'boolean',
				default: false,
				description: `Whether the ${what} is billed in arrears (newer API field; meaning undocumented)`,
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: `New display name of the ${what}`,
			},
		],
	};
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
