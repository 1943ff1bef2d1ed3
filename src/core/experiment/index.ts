/**
 * The experiment: one schema for defaults, validation, the URL hash, results files and the UI's
 * controls (see schema.ts), with its URL codec, link migrations, results files and the mapping to
 * the trainer's config. Test helpers (arbitraries.ts) are imported directly, not from here, so
 * fast-check stays out of the app bundle.
 */
export * from './schema';
export * from './urlCodec';
export * from './migrations';
export * from './results';
export * from './trainConfig';
export * from './viewCodec';
export * from './seeds';
