export { SynthesizeApi } from './client';
export type { RouteAnswer } from './client';
export { ROUTES, describeRequest, routePath, routeUrl } from './routes';
export type { RouteName, RouteRequest } from './routes';
export { unwrap } from './answers';
export type {
	AccountInput,
	AccountUpdate,
	AlertInput,
	ServiceInput,
	UnitCountInput,
	VendorUpdate,
} from './bodies';
export { countRequest } from './bodies';
