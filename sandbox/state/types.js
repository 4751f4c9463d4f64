// @ts-check
'use strict';
/**
 * The shapes of the sandbox state (plain JSON, persisted as is by --state). Types only.
 */

/**
 * @typedef {{ id: string, name: string, identifier: string }} Client
 * @typedef {{ id: string, name: string, description: string, isActive?: boolean, isArrears?: boolean,
 *   mapped: boolean, mappingId: string | null, mappedClientId: string | null, createdAt: string, updatedAt: string }} Account
 * @typedef {{ id: string, name: string, description: string, isActive?: boolean, isArrears?: boolean,
 *   mapped: boolean, mappingId: string | null, createdAt: string, updatedAt: string }} OrgService
 * @typedef {{ at: string, unitCount: number, noBuild: boolean }} CountEntry
 * @typedef {{ accountId: string, serviceId: string, serviceKind: 'vendor' | 'organization', unitCount: number,
 *   updatedAt: string, noBuild: boolean, pushes: number, history: CountEntry[] }} Count
 * @typedef {{ accountId: string, accountName: string, serviceId: string, serviceName: string, unitCount: number, updatedAt: string }} BillingRow
 * @typedef {{ rebuilds: number, rebuildRequests: number, lastRebuildAt: string | null, lastRequestAt: string | null,
 *   pending: boolean, view: BillingRow[] }} Billing
 * @typedef {{ messageId: string, alertId: string, correlationID: string, accountId: string, title: string,
 *   description: string, priority: number, status: number, dueDateTime: string | null, serviceId: string | null,
 *   receivedAt: string, resolveAt: number, state: 'pending' | 'success' | 'failed', ticketId: string | null,
 *   ticketCreatedAt: string | null, statusCode: number | null, errors: string[], duplicatePosts: number }} AlertMessage
 * @typedef {{ alertId: string, accountId: string, title: string, posts: number, tickets: number, messageIds: string[] }} AlertRecord
 * @typedef {{ id: string, name: string, integrationId: string, status: string, lastSyncedAt: string, keyHash: string,
 *   createdAt: string, accounts: Account[], serviceMap: Record<string, { mappingId: string }>, orgServices: OrgService[],
 *   counts: Record<string, Count>, billing: Billing, alerts: Record<string, AlertRecord>,
 *   messages: Record<string, AlertMessage>, clients: Client[] }} Partner
 * @typedef {{ _id: string, id: string, name: string, description: string, logo?: string, category: string,
 *   subcategory: string, supportArticle?: string, supportContact?: string }} Sku
 * @typedef {{ format: string, version: number, seed: string, rngState: number, idCounter: number, nextTicketNo: number,
 *   vendorKeyHash: string, vendor: Record<string, any> & { skus: Sku[] }, defaultPartnerId: string,
 *   partners: Record<string, Partner>, partnerOrder: string[] }} StateData
 * @typedef {{ alertDedupe: boolean, alertTicketDelayMs: number, alertOutcome: 'auto' | 'success' | 'failed' | 'pending',
 *   rebuildDebounceMs: number, latency: { ms: number, jitter: number },
 *   rateLimit: { perSecond: number, burst: number, enabled: boolean, model: 'bucket' | 'window', scope: 'token' | 'vendor' },
 *   clientsPageSize: number,
 *   unknownVendorStatus: number, maxBodyBytes: number, historyLimit: number, requestLogSize: number,
 *   autoMapByName?: boolean }} Config
 */

module.exports = {};
