// Every default the CLI and the library share, in one place.

export const DEFAULT_BASE_URL = 'https://api.upload-post.com/api';
/** Requests in flight at once across all IDs of one watch. */
export const DEFAULT_CONCURRENCY = 16;
export const MAX_CONCURRENCY = 256;
/** IDs longer than this are refused: no real ID comes close. */
export const MAX_ID_LENGTH = 512;
