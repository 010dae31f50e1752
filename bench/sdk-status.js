// The official SDK doing what a one-shot `upload-post status --json` does:
// `new UploadPost(apiKey).getStatus(requestId)`, body printed as JSON.
// Usage: node bench/sdk-status.js <base-url> <request-id> <api-key>
import { UploadPost } from 'upload-post-sdk';

const [baseUrl, requestId, apiKey] = process.argv.slice(2);
// upload-post 2.14.0 keeps its API base in an instance field (index.js:
// `this.baseUrl = API_BASE_URL`, prefixed to every path in _request), so
// pointing it at the simulator is one assignment — never the real host.
if (new URL(baseUrl).hostname !== '127.0.0.1') throw new Error(`sdk-status: refusing ${baseUrl}; only 127.0.0.1`);
const client = new UploadPost(apiKey);
client.baseUrl = baseUrl;
const body = await client.getStatus(requestId);
process.stdout.write(JSON.stringify(body) + '\n');
