import type { ApiCall, ApiContext, CallOptions } from '../transport';
import { apiCall, createApiError } from '../transport';
import type { AnswerOf } from './answers';
import { ANSWERS, unwrap } from './answers';
import type { RouteName, RouteRequest } from './routes';
import { ROUTES, routePath } from './routes';

export type RouteAnswer<R extends RouteName> = AnswerOf<(typeof ROUTES)[R]['answer']>;

function shapeOf(body: unknown): string {
	if (Array.isArray(body)) return 'a list';
	return body === null || body === undefined ? 'nothing' : typeof body;
}

/**
 * The one way to call Synthesize: a route of the table, its parameters, and call options (item,
 * partner, limiter). Shared by the action node, the sync engine adapters and the trigger.
 */
export class SynthesizeApi {
	constructor(
		private readonly context: ApiContext,
		private readonly defaults: CallOptions = {},
	) {}

	/** The same client acting with other defaults (another partner, item or limiter). */
	with(options: CallOptions): SynthesizeApi {
		return new SynthesizeApi(this.context, { ...this.defaults, ...options });
	}

	async call<R extends RouteName>(
		route: R,
		request: RouteRequest<R>,
		options: CallOptions = {},
	): Promise<RouteAnswer<R>> {
		const spec = ROUTES[route];
		const call: ApiCall = {
			route,
			method: spec.method,
			path: routePath(route, request.params as Record<string, string> | undefined),
			idempotent: spec.idempotent,
		};
		if (request.query) call.qs = request.query;
		if (request.body !== undefined) call.body = request.body;
		const merged = { ...this.defaults, ...options };
		const body = await apiCall.call(this.context, call, merged);
		const answer = ANSWERS[spec.answer].read(unwrap(body));
		if (answer !== undefined) return answer as RouteAnswer<R>;
		throw createApiError(
			this.context.getNode(),
			{
				kind: 'invalid-response',
				route,
				attempts: 1,
				apiMessage: `${shapeOf(unwrap(body))} where ${route} should answer with ${'expects' in spec ? spec.expects : 'JSON'}`,
			},
			merged.itemIndex,
		);
	}
}
