export { diff, clientsStart, configKey, matchingCursor, readCursor } from './diff';
export { mappingExposed } from './accounts';
export { sampleEvent } from './samples';
export { idHash, eventId, ENTRY_LENGTH } from './hash';
export { NEVER_SYNCED_BEFORE, staleness } from './integration';
export { TRIGGER_EVENTS } from './types';
export type * from './types';
