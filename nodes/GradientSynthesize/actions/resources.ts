import * as account from './account/Account.resource';
import * as alert from './alert/Alert.resource';
import * as client from './client/Client.resource';
import * as integration from './integration/Integration.resource';
import * as organizationService from './organizationService/OrganizationService.resource';
import * as partnerKey from './partnerKey/PartnerKey.resource';
import * as service from './service/Service.resource';
import * as unitCount from './unitCount/UnitCount.resource';
import * as vendor from './vendor/Vendor.resource';

/** Every resource with its operations: the router dispatches through this map. */
export const resources = {
	account,
	alert,
	client,
	integration,
	organizationService,
	partnerKey,
	service,
	unitCount,
	vendor,
};

export type ResourceName = keyof typeof resources;
