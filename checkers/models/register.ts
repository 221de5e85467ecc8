/** The read/write register: the cas-register without cas (see cas-register.ts). */
export { registerModel } from './cas-register.js';
