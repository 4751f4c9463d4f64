export { apiCall, CREDENTIAL_NAME, DEFAULT_RETRY_POLICY, DEFAULT_TIMEOUT_MS } from './request';
export type { ApiCall, ApiContext, CallOptions, RetryPolicy } from './request';
export { parseRetryAfter } from './judge';
export { apiFailureOf, createApiError, itemSuffix } from './errors';
export type { ApiFailureDetails, ApiFailureKind } from './errors';
export { RateLimiter, SYNTHESIZE_REQUESTS_PER_SECOND } from './rateLimiter';
