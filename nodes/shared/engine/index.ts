export * from './accounts';
export * from './ledger';
export * from './readiness';
export * from './services';
export * from './units';
export * from './usage';
