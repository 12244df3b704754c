// The official JS SDK (@google/genai) against gemini-fake.
//
// usage: node js_sdk.mjs SDK_DIR BASE_URL
//
// BASE_URL is a gemini-fake started with `--script fake/interop/script.json`
// (its scripted answers are consumed here, in order); SDK_DIR is the folder
// whose node_modules holds @google/genai. Each check prints one line, PASS
// or FAIL; the last line is `js: N passed, N failed`. The exit status is 1
// when a check failed.

import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [sdkDir, baseUrl] = process.argv.slice(2);
const require = createRequire(resolve(sdkDir, 'package.json'));
const { ApiError, GoogleGenAI, Type } = require('@google/genai');

const MODEL = 'gemini-2.0-flash';
// Scripted in script.json: a function call, then nothing.
const CALLING_MODEL = 'gemini-2.5-pro';
// Scripted in script.json: 429, a safety block, a stream cut after one event, fixed usage.
const SCRIPTED_MODEL = 'gemini-2.5-flash';
const EMBEDDING_MODEL = 'gemini-embedding-001';
const TUNING_BASE = 'models/gemini-1.5-flash-001-tuning';

// Checks that pass only once the JSON codec refuses malformed durations
// (work on another branch).

const ai = new GoogleGenAI({ apiKey: 'interop-key', httpOptions: { baseUrl } });
const results = { passed: 0, failed: 0 };
// What earlier checks made, for later ones.
const made = {};

async function check(name, body) {
  try {
    await body();
  } catch (error) {
    const reason = String(error && error.message ? error.message : error).split('\n')[0].slice(0, 300);
    results.failed += 1;
    console.log(`FAIL ${name}: ${reason}`);
    if (error && error.stack) console.log(error.stack.split('\n').slice(1, 4).join('\n'));
    return;
  }
  results.passed += 1;
  console.log(`PASS ${name}`);
}

function expect(condition, message) {
  if (!condition) throw new Error(typeof message === 'string' ? message : JSON.stringify(message));
}

// Runs `call`, which must fail with the SDK's ApiError of HTTP status `status`.
async function expectApiError(status, call) {
  try {
    await call();
  } catch (error) {
    expect(error instanceof ApiError, `expected an ApiError, got ${error}`);
    expect(error.status === status, `expected ${status}, got ${error.status}: ${error.message}`);
    return error;
  }
  throw new Error(`expected an ApiError ${status}, the call succeeded`);
}

// The fake's token rule for text: four characters a token, rounded up.
const tokens = (text) => Math.ceil([...text].length / 4);

async function collect(pager) {
  const items = [];
  for await (const item of pager) items.push(item);
  return items;
}

// ---- files ----

await check('files.upload (small)', async () => {
  const data = 'hello from the js sdk\n';
  const file = await ai.files.upload({
    file: new Blob([data], { type: 'text/plain' }),
    config: { mimeType: 'text/plain', displayName: 'js small' },
  });
  expect(file.name.startsWith('files/'), file.name);
  expect(Number(file.sizeBytes) === data.length, file);
  // run.sh starts the fake with --processing-time: the file is not usable yet.
  expect(file.mimeType === 'text/plain' && file.state === 'PROCESSING', file);
  expect(file.displayName === 'js small', file);
  made.small = file;
});

await check('files.get polls until the file is ACTIVE', async () => {
  let file = made.small;
  for (let polls = 0; file.state === 'PROCESSING' && polls < 100; polls++) {
    await new Promise((done) => setTimeout(done, 100));
    file = await ai.files.get({ name: file.name });
  }
  expect(file.state === 'ACTIVE', file);
});

await check('files.upload (multi-chunk, 8 MiB + 1000 bytes)', async () => {
  const data = new Uint8Array(8 * 1024 * 1024 + 1000).map((_, i) => i % 251);
  const file = await ai.files.upload({
    file: new Blob([data]),
    config: { mimeType: 'application/octet-stream' },
  });
  expect(Number(file.sizeBytes) === data.length, file);
  made.big = file;
});

await check('files.get', async () => {
  const file = await ai.files.get({ name: made.small.name });
  expect(file.name === made.small.name && file.sizeBytes === made.small.sizeBytes, file);
});

await check('files.list across pages', async () => {
  const pager = await ai.files.list({ config: { pageSize: 1 } });
  expect(pager.page.length === 1, `first page has ${pager.page.length} files`);
  const names = (await collect(pager)).map((file) => file.name);
  expect(names.includes(made.small.name) && names.includes(made.big.name), names);
});

await check('files.delete (body {}), then get is 404', async () => {
  await ai.files.delete({ name: made.big.name });
  await expectApiError(404, () => ai.files.get({ name: made.big.name }));
});

await check('files.get of an unknown file is 404', async () => {
  await expectApiError(404, () => ai.files.get({ name: 'files/no-such-file' }));
});

// ---- caches ----

const CACHED_TEXT = 'A long document that several prompts share.';
const SYSTEM_TEXT = 'Answer briefly.';

await check('caches.create', async () => {
  made.caches = [];
  for (const displayName of ['js cache 1', 'js cache 2']) {
    const cache = await ai.caches.create({
      model: MODEL,
      config: {
        displayName,
        contents: [{ role: 'user', parts: [{ text: CACHED_TEXT }] }],
        systemInstruction: SYSTEM_TEXT,
        ttl: '300s',
      },
    });
    expect(cache.name.startsWith('cachedContents/') && cache.expireTime, cache);
    made.caches.push(cache);
  }
});

await check('caches.get', async () => {
  const cache = await ai.caches.get({ name: made.caches[0].name });
  expect(cache.model === `models/${MODEL}`, cache);
  expect(cache.usageMetadata.totalTokenCount === tokens(CACHED_TEXT) + tokens(SYSTEM_TEXT), cache);
});

await check('caches.list across pages', async () => {
  const pager = await ai.caches.list({ config: { pageSize: 1 } });
  expect(pager.page.length === 1, `first page has ${pager.page.length} caches`);
  const names = (await collect(pager)).map((cache) => cache.name);
  expect(made.caches.every((cache) => names.includes(cache.name)), names);
});

await check('caches.update ttl', async () => {
  const before = made.caches[0];
  const after = await ai.caches.update({ name: before.name, config: { ttl: '7200s' } });
  expect(new Date(after.expireTime) > new Date(before.expireTime), [before.expireTime, after.expireTime]);
});

await check('generateContent with cachedContent counts the cache', async () => {
  const response = await ai.models.generateContent({
    model: MODEL,
    contents: 'Summarize it',
    config: { cachedContent: made.caches[0].name },
  });
  expect(response.text === 'Summarize it', response.text);
  const cached = tokens(CACHED_TEXT) + tokens(SYSTEM_TEXT);
  const usage = response.usageMetadata;
  expect(usage.cachedContentTokenCount === cached, usage);
  expect(usage.promptTokenCount === cached + tokens('Summarize it'), usage);
});

await check('caches.create with a negative ttl is 400', async () => {
  await expectApiError(400, () => ai.caches.create({ model: MODEL, config: { contents: ['x'], ttl: '-60s' } }));
});

await check("caches.create refuses a ttl of 'ten minutes' with 400", async () => {
  await expectApiError(400, () => ai.caches.create({ model: MODEL, config: { contents: ['x'], ttl: 'ten minutes' } }));
});

await check('caches.delete (body {}), then get is 404', async () => {
  for (const cache of made.caches) await ai.caches.delete({ name: cache.name });
  await expectApiError(404, () => ai.caches.get({ name: made.caches[0].name }));
});

// ---- tunings ----

await check('tunings.tune without training data is refused with 400', async () => {
  // @google/genai 2.32.0 drops the examples of a Gemini API tuning job (its
  // tuneMldev ignores what tuningDatasetToMldev builds), so the request has
  // no training data, which the API requires.
  await expectApiError(400, () => ai.tunings.tune({
    baseModel: TUNING_BASE,
    trainingDataset: { examples: [{ textInput: '1', output: '2' }] },
    config: { tunedModelDisplayName: 'js tuned' },
  }));
});

await check("tunedModels.create through the SDK's API client", async () => {
  const examples = [0, 1, 2, 3].map((n) => ({ textInput: String(n), output: String(n + 1) }));
  const body = {
    baseModel: TUNING_BASE,
    displayName: 'js tuned',
    tuningTask: { hyperparameters: { epochCount: 2 }, trainingData: { examples: { examples } } },
  };
  const response = await ai.apiClient.request({ path: 'tunedModels', httpMethod: 'POST', body: JSON.stringify(body) });
  const operation = await response.json();
  expect(operation.done !== true, operation);
  made.job = { name: operation.metadata.tunedModel };
});

await check('tunings.get polls until the job is done', async () => {
  // The fake runs a job for a second (run.sh's --tuning-time): poll every
  // 0.1 s, for up to 10 s.
  const states = [];
  let job;
  for (let poll = 0; poll < 100; poll += 1) {
    job = await ai.tunings.get({ name: made.job.name });
    states.push(job.state);
    if (job.state !== 'JOB_STATE_QUEUED' && job.state !== 'JOB_STATE_RUNNING' && job.state !== 'JOB_STATE_PENDING') break;
    await new Promise((done) => setTimeout(done, 100));
  }
  expect(states[0] !== 'JOB_STATE_SUCCEEDED', `done at once: ${states}`);
  expect(job.state === 'JOB_STATE_SUCCEEDED', states);
});

await check('generateContent on the tuned model', async () => {
  const response = await ai.models.generateContent({ model: made.job.name, contents: 'Count on' });
  expect(response.text === 'Count on', response.text);
});

await check('models.list of tuned models', async () => {
  const names = (await collect(await ai.models.list({ config: { queryBase: false } }))).map((m) => m.name);
  expect(names.includes(made.job.name), names);
});

await check('models.delete of the tuned model (body {}), then get is 404', async () => {
  await ai.models.delete({ model: made.job.name });
  await expectApiError(404, () => ai.tunings.get({ name: made.job.name }));
});

// ---- models ----

await check('models.list across pages', async () => {
  const pager = await ai.models.list({ config: { pageSize: 2 } });
  expect(pager.page.length === 2, `first page has ${pager.page.length} models`);
  const names = (await collect(pager)).map((model) => model.name);
  expect(names.includes(`models/${MODEL}`) && names.includes(`models/${EMBEDDING_MODEL}`), names);
});

await check('models.get', async () => {
  const model = await ai.models.get({ model: MODEL });
  expect(model.name === `models/${MODEL}` && model.inputTokenLimit === 1048576, model);
  expect(model.supportedActions.includes('generateContent'), model);
});

await check('models.get of an unknown model is 404', async () => {
  await expectApiError(404, () => ai.models.get({ model: 'no-such-model' }));
});

// ---- generation ----

const PROMPT = 'Why is the sky blue?';

await check('generateContent', async () => {
  const response = await ai.models.generateContent({ model: MODEL, contents: PROMPT });
  expect(response.text === PROMPT, response.text);
  const usage = response.usageMetadata;
  expect(usage.promptTokenCount === tokens(PROMPT) && usage.candidatesTokenCount === tokens(PROMPT), usage);
  expect(usage.totalTokenCount === 2 * tokens(PROMPT), usage);
});

await check('generateContentStream', async () => {
  const chunks = await collect(await ai.models.generateContentStream({ model: MODEL, contents: PROMPT }));
  expect(chunks.length >= 2, `${chunks.length} chunks`);
  expect(chunks.map((chunk) => chunk.text ?? '').join('') === PROMPT, chunks.map((chunk) => chunk.text));
  expect(chunks.at(-1).usageMetadata.totalTokenCount === 2 * tokens(PROMPT), chunks.at(-1));
});

await check('countTokens', async () => {
  const counted = await ai.models.countTokens({ model: MODEL, contents: PROMPT });
  expect(counted.totalTokens === tokens(PROMPT), counted);
});

await check('embedContent', async () => {
  const result = await ai.models.embedContent({
    model: EMBEDDING_MODEL,
    contents: ['cat', 'dog', 'cat'],
    config: { outputDimensionality: 8 },
  });
  const values = result.embeddings.map((embedding) => embedding.values);
  expect(values.every((v) => v.length === 8), values.map((v) => v.length));
  expect(JSON.stringify(values[0]) === JSON.stringify(values[2]), 'same text, same vector');
  expect(JSON.stringify(values[0]) !== JSON.stringify(values[1]), 'different texts differ');
});

await check('chats with history', async () => {
  const chat = ai.chats.create({
    model: MODEL,
    history: [
      { role: 'user', parts: [{ text: 'My name is Ada.' }] },
      { role: 'model', parts: [{ text: 'Hello, Ada.' }] },
    ],
  });
  const first = await chat.sendMessage({ message: 'What is my name?' });
  const second = await chat.sendMessage({ message: 'Thanks!' });
  expect(first.text === 'What is my name?' && second.text === 'Thanks!', [first.text, second.text]);
  expect(chat.getHistory().length === 6, chat.getHistory().length);
});

await check('a function call round trip', async () => {
  const config = {
    tools: [{
      functionDeclarations: [{
        name: 'get_weather',
        description: 'The weather in a city.',
        parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } } },
      }],
    }],
  };
  const question = { role: 'user', parts: [{ text: 'Weather in Paris?' }] };
  const response = await ai.models.generateContent({ model: CALLING_MODEL, contents: [question], config });
  const call = response.functionCalls[0];
  expect(call.name === 'get_weather' && call.args.city === 'Paris', call);
  const answer = { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp_c: 21 } } }] };
  const final = await ai.models.generateContent({
    model: CALLING_MODEL,
    contents: [question, response.candidates[0].content, answer],
    config,
  });
  expect(final.text === 'get_weather returned {"temp_c":21}', final.text);
});

await check('a scripted 429 arrives as an ApiError with RetryInfo', async () => {
  const error = await expectApiError(429, () => ai.models.generateContent({ model: SCRIPTED_MODEL, contents: 'hi' }));
  expect(error.message.includes('RESOURCE_EXHAUSTED'), error.message);
  expect(error.message.includes('google.rpc.RetryInfo') && error.message.includes('7s'), error.message);
});

await check('a scripted safety block', async () => {
  const response = await ai.models.generateContent({ model: SCRIPTED_MODEL, contents: 'hi' });
  expect(response.promptFeedback.blockReason === 'SAFETY', response.promptFeedback);
  expect(!response.candidates && response.text === undefined, response);
});

await check('a scripted stream cut midway', async () => {
  const received = [];
  try {
    for await (const chunk of await ai.models.generateContentStream({ model: SCRIPTED_MODEL, contents: 'hi' })) {
      received.push(chunk.text);
    }
  } catch {
    expect(JSON.stringify(received) === JSON.stringify(['one two ']), received);
    return;
  }
  throw new Error(`the stream ended normally after ${JSON.stringify(received)}`);
});

await check('scripted usage metadata', async () => {
  const response = await ai.models.generateContent({ model: SCRIPTED_MODEL, contents: 'hi' });
  expect(response.text === 'counted by hand' && response.usageMetadata.totalTokenCount === 33, response);
});

await check('generateContent on an unknown model is 404', async () => {
  await expectApiError(404, () => ai.models.generateContent({ model: 'no-such-model', contents: 'hi' }));
});

console.log(`js: ${results.passed} passed, ${results.failed} failed`);
process.exitCode = results.failed ? 1 : 0;
