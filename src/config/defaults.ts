// Every default the CLI and the library share, in one place.

export const DEFAULT_BASE_URL = 'https://api.upload-post.com/api';
/** Requests in flight at once across all IDs of one watch. */
export const DEFAULT_CONCURRENCY = 16;
export const MAX_CONCURRENCY = 256;
/** IDs longer than this are refused: no real ID comes close. */
export const MAX_ID_LENGTH = 512;

/** --ids-from input: at most this many bytes … */
export const MAX_IDS_INPUT_BYTES = 32 * 1024 * 1024;
/** … lines of at most this many bytes (an ID, its kind, a time, a comment) … */
export const MAX_IDS_LINE_BYTES = 4 * 1024;
/** … and at most this many IDs in one run. */
export const MAX_IDS = 500_000;
