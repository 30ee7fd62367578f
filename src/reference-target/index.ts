export * from './server';
export * from './data';
