// Exercises a running jseek server with the official `openai` npm client, the way applications use it:
//   JSEEK_URL=http://127.0.0.1:8080/v1 JSEEK_API_KEY=sk-... JSEEK_MODEL=deepseek-reasoner node check.mjs
// Checks non-streaming and streaming chat, DeepSeek's `reasoning_content` (which the SDK does not type, so it is
// read from the raw message and deltas), usage with cache counters, tool calls, and the error mapping of a bad
// model name. Exits non-zero on the first failed check.
import OpenAI from 'openai';
import assert from 'node:assert/strict';

const baseURL = process.env.JSEEK_URL ?? 'http://127.0.0.1:8080/v1';
const client = new OpenAI({ baseURL, apiKey: process.env.JSEEK_API_KEY ?? 'none', maxRetries: 0 });
const reasoner = process.env.JSEEK_MODEL ?? 'deepseek-reasoner';
const messages = [{ role: 'user', content: 'Say hello.' }];

async function nonStreaming() {
  const r = await client.chat.completions.create({ model: reasoner, messages, max_tokens: 64 });
  const m = r.choices[0].message;
  assert.equal(r.object, 'chat.completion');
  assert.equal(typeof m.content, 'string');
  assert.ok(['stop', 'length'].includes(r.choices[0].finish_reason));
  assert.equal(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens);
  assert.equal(typeof r.usage.prompt_cache_hit_tokens, 'number');
  console.log('non-streaming ok:', JSON.stringify({ reasoning: m.reasoning_content, content: m.content }));
}

async function streaming() {
  const stream = await client.chat.completions.create({
    model: reasoner, messages, stream: true, stream_options: { include_usage: true },
  });
  let reasoning = '';
  let content = '';
  let finish = null;
  let usage = null;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    reasoning += choice.delta.reasoning_content ?? '';
    content += choice.delta.content ?? '';
    finish = choice.finish_reason ?? finish;
  }
  assert.ok(content.length > 0, 'no content streamed');
  assert.ok(finish === 'stop' || finish === 'length');
  assert.ok(usage && usage.completion_tokens > 0, 'no usage chunk');
  console.log('streaming ok:', JSON.stringify({ reasoning, content, usage }));
}

const tools = [{
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}];

async function toolCalls() {
  const ask = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const r = await client.chat.completions.create({ model: 'deepseek-chat', messages: ask, tools });
  const call = r.choices[0].message.tool_calls?.[0];
  assert.equal(r.choices[0].finish_reason, 'tool_calls');
  assert.equal(call.function.name, 'get_weather');
  const args = JSON.parse(call.function.arguments);
  assert.equal(typeof args.city, 'string');

  const runner = client.beta.chat.completions.stream({ model: 'deepseek-chat', messages: ask, tools });
  const final = await runner.finalChatCompletion();
  assert.equal(final.choices[0].message.tool_calls[0].function.name, 'get_weather');

  const followUp = await client.chat.completions.create({
    model: 'deepseek-chat',
    messages: [...ask, r.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '21°C, sunny' }],
  });
  assert.equal(typeof followUp.choices[0].message.content, 'string');
  console.log('tool calls ok:', call.function.name, call.function.arguments);
}

async function errors() {
  await assert.rejects(
    client.chat.completions.create({ model: 'no-such-model', messages }),
    (e) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found',
  );
  console.log('errors ok');
}

async function models() {
  const list = await client.models.list();
  assert.ok(list.data.some((m) => m.id === 'deepseek-reasoner'));
  console.log('models ok:', list.data.map((m) => m.id).join(', '));
}

for (const check of [models, nonStreaming, streaming, toolCalls, errors]) {
  await check();
}
console.log('all checks passed');
