export * from './csv.ts';
export * from './encoding.ts';
export * from './entities.ts';
export * from './mapping.ts';
export * from './normalize.ts';
export * from './suggest.ts';
export * from './validate.ts';
export * from './values.ts';
