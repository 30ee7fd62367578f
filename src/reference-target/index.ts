// The reference target: an exact awsQuery endpoint for the two operations, and its seeded data.
export { startReferenceTarget, sortServices, ReferenceService, SORT_KEYS } from './server';
export type { ReferenceTargetOptions, RunningTarget, SortKey } from './server';
export { seedServices, jobIdFor, SEED_SIZE, SEED_TIES, ORGANIZATION_ID, ROOT_ID, ROOT_PATH, OU_PATHS, MANAGEMENT_ACCOUNT_PATH, ACCOUNT_PATHS } from './data';
export type { ServiceEntry } from './data';
