export * from './enums.ts';
export * from './errors.ts';
export * from './common.ts';
export * from './validators.ts';
export * from './auth.ts';
export * from './clients.ts';
export * from './users.ts';
export * from './audit.ts';
