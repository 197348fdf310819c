/**
 * Veil's public API. Each area adds its exports below its own heading.
 */
export * from './engine/stage.js';
export * from './engine/field-path.js';
export { VeilError } from './errors/veil-error.js';
export { openStore, closeStore, defaultStorePath } from './store/environment.js';
