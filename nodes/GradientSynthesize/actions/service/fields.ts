import type { INodeProperties } from 'n8n-workflow';

import { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } from '../../../shared/contract';

/** Exact-value dropdowns: Synthesize is case-sensitive and keeps its own spelling ("priviledged"). */
export const categoryOptions = SERVICE_CATEGORIES.map((value) => ({
	name: value.replace(/\b\w/g, (letter) => letter.toUpperCase()),
	value,
}));

export const subcategoryOptions = [...SERVICE_SUBCATEGORIES]
	.sort((a, b) => a.localeCompare(b))
	.map((value) => ({ name: value, value }));

export const categoryProperty: INodeProperties = {
	displayName: 'Category',
	name: 'category',
	type: 'options',
	options: categoryOptions,
	default: 'other',
	description: 'Service category, exactly as Synthesize lists it',
};

export const subcategoryProperty: INodeProperties = {
	displayName: 'Subcategory',
	name: 'subcategory',
	type: 'options',
	options: subcategoryOptions,
	default: 'other',
	description:
		'Service subcategory, exactly as Synthesize spells it. No category pairing is enforced by the API.',
};

export const supportFields: INodeProperties[] = [
	{
		displayName: 'Support Article',
		name: 'supportArticle',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://support.example.com/billing',
		description:
			'Link to your support article for this service. Left out when empty (no placeholder is invented).',
	},
	{
		displayName: 'Support Contact',
		name: 'supportContact',
		type: 'string',
		default: '',
		placeholder: 'e.g. name@email.com',
		description: 'Support e-mail address for this service. Left out when empty.',
	},
];
