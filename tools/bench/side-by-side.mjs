// llama.cpp's side of tools/bench/side-by-side.sh, and the comparison table.
//
//   node side-by-side.mjs llama --model FILE --threads T --prompt-tokens N --gen-tokens M --repeat R
//                               [--warmup W] [--concurrency C] [--mlock 1]
//       measures llama.cpp (node-llama-cpp 3.21.1, prebuilt CPU binaries) the way `jseek bench` measures jseek and
//       prints one JSON object with the same keys (prefill_tok_s, decode_tok_s as {median, min, max}, ttft_ms, ...).
//   node side-by-side.mjs serve --url URL --concurrency C --prompt-tokens N --gen-tokens M --repeat R [--warmup W]
//       measures a running OpenAI-compatible server (`jseek serve --parallel C`) over HTTP: C streamed
//       /v1/completions requests at once, greedy, max_tokens M; prints JSON with aggregate_decode_tok_s.
//   node side-by-side.mjs table JSEEK.json LLAMA.json [JSEEK.json LLAMA.json ...]
//       prints medians and the ratio jseek / llama.cpp for each pair (above 1: jseek is faster; for time to first
//       token and memory, below 1 is better for jseek).
//
// Lowest overhead on purpose, so that JavaScript per-token work does not flatter jseek: the prompt is token ids (the
// same formula as jseek's BenchPrompt: 1000 + (i * 7919) % 20000), evaluated with LlamaContextSequence's
// controlledEvaluate, which goes straight to llama_decode with one batch and a greedy sampler, no detokenizing and
// no stop checks. Prefill = one batch of N tokens, timed until the first token is sampled (which is also the time to
// first token); decode = M single-token calls; performance.now() around the native calls. Short warm-up runs come
// first, as on the jseek side. With --concurrency C > 1, C sequences of one context step together: node-llama-cpp
// merges their pending tokens into one llama_decode batch, which is llama.cpp's batched decode.

import { getLlama } from "node-llama-cpp";
import { readFileSync } from "node:fs";

function flags(args) {
  const o = { warmup: 1, concurrency: 1, mlock: 0 };
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i].replace(/^--/, "").replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    o[key] = key === "model" || key === "url" ? args[i + 1] : Number(args[i + 1]);
  }
  for (const k of [o.url ? "url" : "model", o.url ? "concurrency" : "threads", "promptTokens", "genTokens",
    "repeat"]) {
    if (o[k] === undefined || Number.isNaN(o[k])) throw new Error(`--${k} is required`);
  }
  return o;
}

function promptTokens(n) {
  return Array.from({ length: n }, (_, i) => 1000 + ((i * 7919) % 20000));
}

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { median, min: s[0], max: s[n - 1] };
}

// Warm-up runs are short, as on the jseek side: enough to touch every weight and kernel once.
const WARMUP_PROMPT = 16;
const WARMUP_GEN = 8;
const GREEDY = { generateNext: { token: true, options: { temperature: 0 } } };

async function measure(o) {
  const pkg = JSON.parse(readFileSync(new URL("./node_modules/node-llama-cpp/package.json", import.meta.url)));
  const llama = await getLlama({ gpu: false, build: "never", logLevel: "error", maxThreads: o.threads });
  const model = await llama.loadModel({ modelPath: o.model, useMlock: o.mlock === 1 });
  const context = await model.createContext({
    contextSize: o.promptTokens + o.genTokens + 8,
    batchSize: Math.max(o.promptTokens, o.concurrency),
    sequences: o.concurrency,
    threads: { ideal: o.threads, min: o.threads },
  });
  const sequences = Array.from({ length: o.concurrency }, () => context.getSequence());
  const prompt = promptTokens(o.promptTokens);
  const runs = [];
  for (let i = 0; i < o.warmup; i++) {
    await single(sequences[0], prompt.slice(0, WARMUP_PROMPT), Math.min(o.genTokens, WARMUP_GEN));
  }
  for (let i = 0; i < o.repeat; i++) {
    const r = await single(sequences[0], prompt, o.genTokens);
    runs.push(r);
    console.error(`llama.cpp run ${i + 1}/${o.repeat}: prefill ${(o.promptTokens / r.prefillS).toFixed(1)}`
      + ` tok/s, decode ${(o.genTokens / r.decodeS).toFixed(2)} tok/s`);
  }
  const result = {
    engine: `llama.cpp via node-llama-cpp ${pkg.version} (CPU, flash attention ${context.flashAttention},`
      + ` KV ${context.kvCacheKeyType})`,
    model: o.model, threads: o.threads, prompt_tokens: o.promptTokens, gen_tokens: o.genTokens, repeat: o.repeat,
    prefill_tok_s: stats(runs.map((r) => o.promptTokens / r.prefillS)),
    decode_tok_s: stats(runs.map((r) => o.genTokens / r.decodeS)),
    ttft_ms: stats(runs.map((r) => r.prefillS * 1000)).median,
    concurrency: o.concurrency,
  };
  if (o.concurrency > 1) {
    const rates = [];
    for (let i = 0; i < o.warmup; i++) {
      await concurrent(sequences, prompt.slice(0, WARMUP_PROMPT), Math.min(o.genTokens, WARMUP_GEN));
    }
    for (let i = 0; i < o.repeat; i++) {
      const rate = await concurrent(sequences, prompt, o.genTokens);
      rates.push(rate);
      console.error(`llama.cpp ${o.concurrency} sequences: aggregate decode ${rate.toFixed(2)} tok/s`);
    }
    result.aggregate_decode_tok_s = stats(rates);
  }
  result.peak_rss_bytes = process.resourceUsage().maxRSS * 1024;
  await context.dispose();
  await model.dispose();
  return result;
}

/** One run: prefill (to the first sampled token) and genTokens single-token decode steps, in seconds. */
async function single(sequence, prompt, genTokens) {
  await sequence.clearHistory();
  const input = [...prompt.slice(0, -1), [prompt[prompt.length - 1], GREEDY]];
  const t0 = performance.now();
  const out = await sequence.controlledEvaluate(input);
  let token = out[input.length - 1].next.token;
  const t1 = performance.now();
  for (let i = 0; i < genTokens; i++) {
    token = (await sequence.controlledEvaluate([[token, GREEDY]]))[0].next.token;
  }
  const t2 = performance.now();
  return { prefillS: (t1 - t0) / 1000, decodeS: (t2 - t1) / 1000 };
}

/** Aggregate decode tokens/s of all sequences stepping together, after an untimed prefill of each. */
async function concurrent(sequences, prompt, genTokens) {
  const tokens = [];
  for (const s of sequences) {
    await s.clearHistory();
    const out = await s.controlledEvaluate([...prompt.slice(0, -1), [prompt[prompt.length - 1], GREEDY]]);
    tokens.push(out[prompt.length - 1].next.token);
  }
  const t0 = performance.now();
  for (let i = 0; i < genTokens; i++) {
    const outs = await Promise.all(sequences.map((s, k) => s.controlledEvaluate([[tokens[k], GREEDY]])));
    outs.forEach((out, k) => { tokens[k] = out[0].next.token; });
  }
  return (sequences.length * genTokens) / ((performance.now() - t0) / 1000);
}

/**
 * Aggregate decode tokens/s of C streams served at once over HTTP. The prompt is " the" N times (one token each in
 * byte-level BPE vocabularies). The decode window starts when the last stream has its first token (all C are then
 * decoding together, as in the in-process measurement whose prefill is untimed) and ends when the last stream ends;
 * tokens inside it are the usage's completion tokens less the streamed chunks received before the window (one
 * token a chunk at most, so this never overcounts). A random-weight model may sample its end token early: the JSON
 * keeps each stream's completion tokens so that a short stream shows.
 */
async function serve(o) {
  const prompt = " the".repeat(o.promptTokens);
  const model = (await (await fetch(`${o.url}/v1/models`)).json()).data[0].id;
  const one = async (genTokens) => {
    const res = await fetch(`${o.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, prompt, max_tokens: genTokens, temperature: 0, stream: true,
        stream_options: { include_usage: true } }),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    const times = [];
    let usage = null;
    let buf = "";
    const decoder = new TextDecoder();
    for await (const part of res.body) {
      buf += decoder.decode(part, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n\n")) >= 0) {
        // an event's data lines; a line starting with ':' is a comment (the server's keep-alive during a prefill)
        const event = buf.slice(0, nl).split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6))
          .join("\n");
        buf = buf.slice(nl + 2);
        if (event === "" || event === "[DONE]") continue;
        const json = JSON.parse(event);
        if (json.usage) usage = json.usage;
        if (json.choices && json.choices.length > 0) times.push(performance.now());
      }
    }
    return { times, end: performance.now(), tokens: usage ? usage.completion_tokens : times.length };
  };
  const round = async (genTokens) => {
    const streams = await Promise.all(Array.from({ length: o.concurrency }, () => one(genTokens)));
    const t0 = Math.max(...streams.map((s) => s.times[0]));
    const t1 = Math.max(...streams.map((s) => s.end));
    const tokens = streams.reduce((n, s) => n + s.tokens - s.times.filter((t) => t <= t0).length, 0);
    return { rate: tokens / ((t1 - t0) / 1000), perStream: streams.map((s) => s.tokens) };
  };
  for (let i = 0; i < (o.warmup ?? 1); i++) await round(Math.min(o.genTokens, WARMUP_GEN));
  const rates = [];
  let perStream = [];
  for (let i = 0; i < o.repeat; i++) {
    const r = await round(o.genTokens);
    rates.push(r.rate);
    perStream = r.perStream;
    console.error(`server ${o.concurrency} streams: aggregate decode ${r.rate.toFixed(2)} tok/s`
      + ` (completion tokens ${r.perStream.join(",")})`);
  }
  return { engine: `server at ${o.url} over HTTP`, model, prompt_tokens: o.promptTokens,
    gen_tokens: o.genTokens, repeat: o.repeat, concurrency: o.concurrency, aggregate_decode_tok_s: stats(rates),
    completion_tokens_last_round: perStream };
}

function table(files) {
  const rows = [];
  for (let i = 0; i + 1 < files.length; i += 2) {
    const j = JSON.parse(readFileSync(files[i], "utf8"));
    const l = JSON.parse(readFileSync(files[i + 1], "utf8"));
    const kernels = j.kernels ? ` [${j.kernels.split(" ")[0]}]` : "";
    const served = (j.engine ?? "").startsWith("server") ? " [serve]" : "";
    const name = l.model.split("/").pop().replace(/\.gguf$/, "") + kernels + served;
    const row = (metric, a, b, digits) => rows.push([name, metric, a.toFixed(digits), b.toFixed(digits),
      (a / b).toFixed(3)]);
    if (j.prefill_tok_s) {
      row("prefill tok/s", j.prefill_tok_s.median, l.prefill_tok_s.median, 1);
      row("decode tok/s", j.decode_tok_s.median, l.decode_tok_s.median, 2);
      row("ttft ms", j.ttft_ms, l.ttft_ms, 0);
      row("peak RSS MiB", j.peak_rss_bytes / 2 ** 20, l.peak_rss_bytes / 2 ** 20, 0);
    }
    if (j.aggregate_decode_tok_s && l.aggregate_decode_tok_s) {
      row(`decode x${j.concurrency} tok/s`, j.aggregate_decode_tok_s.median, l.aggregate_decode_tok_s.median, 2);
    }
  }
  const header = ["model", "metric", "jseek", "llama.cpp", "jseek/llama.cpp"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r) => "| " + r.map((v, c) => (c < 2 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(" | ") + " |";
  console.log(line(header));
  console.log("|" + widths.map((w, c) => (c < 2 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|");
  rows.forEach((r) => console.log(line(r)));
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === "llama") {
  console.log(JSON.stringify(await measure(flags(rest)), null, 2));
} else if (mode === "serve") {
  console.log(JSON.stringify(await serve(flags(rest)), null, 2));
} else if (mode === "table") {
  table(rest);
} else {
  console.error("usage: side-by-side.mjs llama --model FILE ... | serve --url URL ... | table JSEEK.json LLAMA.json ...");
  process.exit(2);
}
