// Calls the gateway once through the official openai npm package, exactly as an application would (only the
// endpoint and the key changed, the SDK's own retry policy left on), and prints one JSON line saying how the call
// ended and how many HTTP requests the SDK sent for it. Run by tests/Integration (NodeSdk.cs); the key comes in
// GATEWAY_API_KEY so that it never appears on a command line.
//
//   node call-gateway.mjs --package openai|openai-v4 --shape openai|azure --base-url http://127.0.0.1:PORT/ \
//     --model chat --max-tokens 25
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    package: { type: 'string', default: 'openai' },
    shape: { type: 'string', default: 'openai' },
    'base-url': { type: 'string' },
    model: { type: 'string' },
    'max-tokens': { type: 'string', default: '16' },
  },
});

const sdk = await import(values.package);
const OpenAI = sdk.OpenAI ?? sdk.default;
const AzureOpenAI = sdk.AzureOpenAI ?? sdk.default.AzureOpenAI;
const apiKey = process.env.GATEWAY_API_KEY;
const baseUrl = values['base-url'].replace(/\/$/, '');

// Every HTTP request the SDK makes, retries included, passes through here.
let requests = 0;
const countingFetch = (url, init) => {
  requests++;
  return fetch(url, init);
};

const client = values.shape === 'azure'
  ? new AzureOpenAI({ endpoint: baseUrl, apiKey, apiVersion: '2024-10-21', deployment: values.model, fetch: countingFetch })
  : new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, fetch: countingFetch });

const started = performance.now();
const result = { ok: false, status: null, type: null, code: null, message: null };
try {
  const completion = await client.chat.completions.create({
    model: values.model,
    max_tokens: Number(values['max-tokens']),
    messages: [{ role: 'user', content: 'Say hello' }],
  });
  result.ok = true;
  result.status = 200;
  result.message = completion.choices[0]?.message?.content ?? null;
} catch (error) {
  result.status = error.status ?? null;
  result.type = error.type ?? error.error?.type ?? null;
  result.code = error.code ?? error.error?.code ?? null;
  result.message = error.error?.message ?? error.message ?? String(error);
}

result.requests = requests;
result.elapsedMs = Math.round(performance.now() - started);
console.log(JSON.stringify(result));
