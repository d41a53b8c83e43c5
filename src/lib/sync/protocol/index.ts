/** `$lib/sync/protocol` for components: the constants. The codec, paths and limits are imported by their own names. */
export * from './constants.ts';
