// The floor for a one-shot `upload-post status --json`: bare Node sending the
// same request with http.get and printing the body, nothing else.
// Usage: node bench/bare-status.js <base-url> <request-id> <api-key>
import { get } from 'node:http';

const [baseUrl, requestId, apiKey] = process.argv.slice(2);
if (new URL(baseUrl).hostname !== '127.0.0.1') throw new Error(`bare-status: refusing ${baseUrl}; only 127.0.0.1`);
get(`${baseUrl}/uploadposts/status?request_id=${encodeURIComponent(requestId)}`, { headers: { Authorization: `Apikey ${apiKey}` } }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => process.stdout.write(Buffer.concat(chunks).toString('utf8') + '\n'));
});
