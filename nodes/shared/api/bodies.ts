/** What the package sends in request bodies (synthesize-api.md §5–§9). */

export interface VendorUpdate {
	name?: string;
	description?: string;
	vendorSupportPageUrl?: string;
	integrationPortalUrl?: string;
}

export interface ServiceInput {
	name: string;
	description: string;
	category: string;
	subcategory: string;
	supportArticle?: string;
	supportContact?: string;
}

export interface AccountInput {
	id: string;
	name: string;
	description?: string;
	isArrears?: boolean;
}

export interface AccountUpdate {
	name?: string;
	description?: string;
	isActive?: boolean;
	isArrears?: boolean;
}

export interface UnitCountInput {
	accountId?: string;
	/** Deprecated by Gradient in favour of accountId (synthesize-api.md §5.6). */
	clientOId?: string;
	unitCount: number;
}

export interface AlertInput {
	title: string;
	description: string;
	alertId: string;
	priority: number;
	status: number;
	dueDateTime?: string;
	serviceId?: string;
}

/**
 * A count push (Set Unit Count): the service in the path, `no_build` in the query, the account
 * and count in the body. One place, so an operation, the sync engine and a dry run's record of
 * the request cannot disagree.
 */
export function countRequest(serviceId: string, input: UnitCountInput, noBuild: boolean) {
	const body: { accountId?: string; clientOId?: string; unitCount: number } = {
		unitCount: input.unitCount,
	};
	if (input.accountId !== undefined) body.accountId = input.accountId;
	if (input.clientOId !== undefined) body.clientOId = input.clientOId;
	return {
		params: { serviceId },
		query: { no_build: noBuild ? 'true' : 'false' },
		body,
	};
}
