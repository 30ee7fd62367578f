export * from './exchange';
export * from './target';
export * from './live';
export * from './replay';
export * from './recording';
export * from './sdk-caller';
