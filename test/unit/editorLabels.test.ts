import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { GradientSynthesize } from '../../nodes/GradientSynthesize/GradientSynthesize.node';
import { GradientSynthesizeTrigger } from '../../nodes/GradientSynthesizeTrigger/GradientSynthesizeTrigger.node';
import actionCodex from '../../nodes/GradientSynthesize/GradientSynthesize.node.json';
import triggerCodex from '../../nodes/GradientSynthesizeTrigger/GradientSynthesizeTrigger.node.json';
import { integrationStatusOptions } from '../../nodes/shared/descriptions';

/**
 * What a person reads in n8n's editor: labels, not values; descriptions that fit a dropdown; one
 * description for the merged nodes-panel entry; Docs links n8n does not break.
 */
const action = new GradientSynthesize().description;
const trigger = new GradientSynthesizeTrigger().description;

/** The two lookup tables of the action node's subtitle expression, applied as n8n would. */
function subtitleOf(resource: string, operation: string): string {
	const tables = [...String(action.subtitle).matchAll(/(\{"[^}]*\})\[/g)].map(
		(match) => JSON.parse(match[1]) as Record<string, string>,
	);
	expect(tables).toHaveLength(2);
	return `${tables[0][`${resource}:${operation}`]} · ${tables[1][resource]}`;
}

function property(
	properties: INodeProperties[],
	name: string,
	resource?: string,
): INodeProperties | undefined {
	return properties.find(
		(p) =>
			p.name === name &&
			(resource === undefined || p.displayOptions?.show?.resource?.includes(resource)),
	);
}

describe('the canvas subtitle', () => {
	it('names the operation and the resource by their labels', () => {
		expect(subtitleOf('unitCount', 'syncUsage')).toBe('Sync Usage · Unit Count');
		expect(subtitleOf('integration', 'setStatus')).toBe('Set Status · Integration');
		expect(subtitleOf('partnerKey', 'seal')).toBe('Seal · Partner Key');
	});

	it('has a label for every operation of every resource', () => {
		const resources = (property(action.properties, 'resource')?.options ??
			[]) as INodePropertyOptions[];
		for (const resource of resources) {
			const operations = action.properties.filter(
				(p) =>
					p.name === 'operation' &&
					p.displayOptions?.show?.resource?.includes(resource.value as string),
			);
			expect(operations).toHaveLength(1);
			for (const option of operations[0].options as INodePropertyOptions[]) {
				expect(subtitleOf(resource.value as string, option.value as string)).not.toMatch(
					/undefined/,
				);
			}
		}
	});
});

describe('fields', () => {
	it('Unit Count shows whole numbers as they are (no fixed decimals) and still takes decimals', () => {
		const unitCount = property(action.properties, 'unitCount');
		expect(unitCount?.type).toBe('number');
		expect(unitCount?.typeOptions?.numberPrecision).toBeUndefined();
		expect(unitCount?.typeOptions?.minValue).toBe(0);
	});

	it("Unit Conversion's fields read in the order of the steps (n8n sorts them by name)", () => {
		const conversion = property(action.properties, 'conversion');
		const names = (conversion?.options as INodeProperties[]).map((field) => field.displayName);
		expect(names).toEqual([
			'Convert From',
			'Convert To',
			'Convert Using',
			'Then Multiply By',
			'Then Round',
		]);
		expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
	});

	it('no tooltip only says "undocumented": each says what to do', () => {
		const text = JSON.stringify([action.properties, trigger.properties]);
		expect(text).not.toMatch(/meaning undocumented|is undocumented;/);
	});
});

describe('dropdowns', () => {
	const fits = (options: INodePropertyOptions[]) =>
		options.filter((option) => (option.description ?? '').length > 80).map((o) => o.name);

	it('Set Status and the trigger events have descriptions that fit one line', () => {
		expect(fits(integrationStatusOptions)).toEqual([]);
		expect(fits(property(trigger.properties, 'event')?.options as INodePropertyOptions[])).toEqual(
			[],
		);
	});

	it('trigger events are named "On …" with PSA in capitals', () => {
		const events = property(trigger.properties, 'event')?.options as INodePropertyOptions[];
		for (const event of events) expect(event.action).toMatch(/^On [a-z]/);
		expect(events.find((event) => event.value === 'newPsaClient')?.action).toBe(
			'On new PSA client',
		);
	});
});

describe('the nodes panel and the Docs link', () => {
	it('shows the same description for the merged entry (n8n takes the trigger\u2019s)', () => {
		expect(trigger.description).toBe(action.description);
		expect(action.description).toMatch(/unit counts/);
	});

	it('links documentation without an anchor or a query (n8n appends "?utm_…" to it)', () => {
		for (const codex of [actionCodex, triggerCodex]) {
			for (const links of Object.values(codex.resources)) {
				for (const { url } of links) expect(url).not.toMatch(/[#?]/);
			}
		}
	});
});

describe('the trigger\u2019s partner fields', () => {
	const shown = (version: number, partnerSource?: string) =>
		trigger.properties
			.filter((p) => {
				const show = p.displayOptions?.show ?? {};
				if (show['@version'] && !show['@version'].includes(version)) return false;
				if (show.partnerSource && !show.partnerSource.includes(partnerSource ?? 'credential'))
					return false;
				return ['partnerSource', 'partnerApiKey', 'sealedPartnerKey', 'partnerId'].includes(p.name);
			})
			.map((p) => p.name);

	it('version 1 keeps its fields as saved workflows have them', () => {
		expect(shown(1)).toEqual(['partnerApiKey', 'sealedPartnerKey', 'partnerId']);
	});

	it('version 2 (the default) asks first, like the action node, and shows only what was chosen', () => {
		expect(trigger.version).toEqual([1, 2]);
		expect(trigger.defaultVersion).toBe(2);
		expect(shown(2)).toEqual(['partnerSource']);
		expect(shown(2, 'sealedKey')).toEqual(['partnerSource', 'sealedPartnerKey', 'partnerId']);
		expect(shown(2, 'itemKey')).toEqual(['partnerSource', 'partnerApiKey']);
	});
});
