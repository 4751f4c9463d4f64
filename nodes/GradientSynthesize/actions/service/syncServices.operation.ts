import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runServiceSync } from '../../../shared/engine';
import { dryRunProperty, optionsCollection } from '../../../shared/descriptions';
import type { BatchOperation, OperationContext } from '../types';
import { describeFailure } from '../errors';
import { fieldValue } from '../parameters';
import { Failures, pairedWith, perPartner } from '../perPartner';

const properties: INodeProperties[] = [
	{
		displayName:
			'One input item per service (SKU): name, description, category and subcategory. Services are matched by name, ignoring case and extra spaces; missing ones are created. No support URL or contact is invented.',
		name: 'syncServicesNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'perService',
		options: [
			{
				name: 'One Item per Service',
				value: 'perService',
				description: 'Each input item with its service ID and outcome',
			},
			{
				name: 'Name to ID Map',
				value: 'map',
				description:
					'One item: { map: { "&lt;name&gt;": "&lt;service ID&gt;" } } for lookups downstream',
			},
		],
	},
	optionsCollection([
		{
			displayName: 'Category Field',
			name: 'categoryField',
			type: 'string',
			default: 'category',
		},
		{
			displayName: 'Description Field',
			name: 'descriptionField',
			type: 'string',
			default: 'description',
		},
		{
			displayName: 'Name Field',
			name: 'nameField',
			type: 'string',
			default: 'name',
		},
		{
			displayName: 'Subcategory Field',
			name: 'subcategoryField',
			type: 'string',
			default: 'subcategory',
		},
		{
			displayName: 'Update Changed Services',
			name: 'update',
			type: 'boolean',
			default: false,
			description:
				'Whether to update services whose description, category or support fields differ (uses the legacy update route, lower confidence). Off: the differences are only reported.',
		},
	]),
	dryRunProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['service'], operation: ['sync'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	context: OperationContext,
): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const field = (name: string, fallback: string) => (options[name] as string) || fallback;
	const fields = {
		name: field('nameField', 'name'),
		description: field('descriptionField', 'description'),
		category: field('categoryField', 'category'),
		subcategory: field('subcategoryField', 'subcategory'),
	};
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const asMap = this.getNodeParameter('output', 0, 'perService') === 'map';
	const output: INodeExecutionData[] = [];
	const failures = new Failures();

	await perPartner(
		this,
		items,
		context,
		{ errorItems: 'perPartner' },
		async ({ api, indexes }) => {
			const { results, map } = await runServiceSync(
				indexes.map((index) => {
					const json = items[index].json;
					return {
						index,
						name: fieldValue(json, fields.name),
						description: fieldValue(json, fields.description),
						category: fieldValue(json, fields.category),
						subcategory: fieldValue(json, fields.subcategory),
						supportArticle: fieldValue(json, 'supportArticle'),
						supportContact: fieldValue(json, 'supportContact'),
					};
				}),
				{
					listServices: async () => (await api.call('getVendor', {})).skus,
					createService: async (service) =>
						(await api.call('createVendorService', { body: service as unknown as IDataObject }))
							.skus,
					updateService: async (id, update) => {
						await api.call('updateVendorService', {
							params: { serviceId: id },
							body: update as IDataObject,
						});
					},
					describe: describeFailure,
				},
				{ update: options.update === true, dryRun },
			);
			for (const result of results) {
				if (result.outcome === 'failed')
					failures.add(`item ${result.index}: ${result.reason ?? ''}`);
			}
			if (asMap) {
				output.push({ json: { map, dryRun }, pairedItem: pairedWith(indexes) });
			} else {
				for (const result of results) {
					const json: IDataObject = {
						name: result.name,
						serviceId: result.serviceId,
						outcome: result.outcome,
					};
					if (result.differences) json.differences = result.differences;
					if (result.reason) json.reason = result.reason;
					if (result.fix) json.fix = result.fix;
					output.push({ json, pairedItem: { item: result.index } });
				}
			}
		},
		(errorItems) => output.push(...errorItems),
	);
	failures.throwUnlessContinuing(
		this,
		'service(s)',
		'Set the node\'s "On Error" to continue to get every item with its outcome instead.',
	);
	return [output];
}

export const sync: BatchOperation = { kind: 'batch', description, execute };
