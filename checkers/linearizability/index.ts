export * from './check.js';
export * from './result.js';
export { pairOperations, type ClientOperation, type Outcome } from './operations.js';
