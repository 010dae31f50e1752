// How large one MCP message may be, on either transport (docs/MCP.md#limits).
// The SDK's stdio reader closes the whole connection past its own 10 MB
// default, which would cost every other call its answer: a larger ceiling
// lets an oversized argument reach the tool and get a one-sentence error.
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
