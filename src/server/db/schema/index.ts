export * from './analytics.ts';
export * from './enums.ts';
export * from './imports.ts';
export * from './process.ts';
export * from './sales.ts';
export * from './tenancy.ts';
