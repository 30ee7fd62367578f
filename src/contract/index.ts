export * from './spec';
export * from './schema';
export * from './validate';
export * from './per-shape';
