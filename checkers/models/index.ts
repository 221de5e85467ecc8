export * from './model.js';
export * from './registry.js';
export { registerModel, casRegisterModel } from './cas-register.js';
export { kvModel } from './kv.js';
export { mutexModel } from './mutex.js';
export { multiRegisterModel } from './multi-register.js';
export { keyedCasRegisterModel } from './keyed-cas-register.js';
