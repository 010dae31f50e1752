// bench/bare-status.js as CommonJS: the same request, without the ESM loader
// Node starts for an ES entry (~5 ms). A lower floor than the one the start-up
// target names, reported beside it so the ratio can be read against both.
// Usage: node bench/bare-status.cjs <base-url> <request-id> <api-key>
const { get } = require('node:http');

const [baseUrl, requestId, apiKey] = process.argv.slice(2);
if (new URL(baseUrl).hostname !== '127.0.0.1') throw new Error(`bare-status: refusing ${baseUrl}; only 127.0.0.1`);
get(`${baseUrl}/uploadposts/status?request_id=${encodeURIComponent(requestId)}`, { headers: { Authorization: `Apikey ${apiKey}` } }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => process.stdout.write(Buffer.concat(chunks).toString('utf8') + '\n'));
});
