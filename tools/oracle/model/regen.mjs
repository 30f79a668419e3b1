// Golden-output generator for jseek-model.
//
// For every tiny random model <case>.gguf in the input directory (written by the test fixture
// io.jseek.model.fixtures.TinyModels),
// loads it with llama.cpp through node-llama-cpp (CPU, no build), tokenizes a few fixed prompts with llama.cpp's own
// tokenizer (Chinese text, code, special-token chat markup), then decodes 16 tokens greedily and records, at every
// step, the chosen token and the top-20 next-token probabilities. With temperature 0 node-llama-cpp's sampler chain is
// just "greedy", so the probabilities are the plain softmax of llama.cpp's logits over the whole vocabulary.
// node-llama-cpp normalises them with a float sum in descending order, which drops the tail's small terms (up to 1e-4
// on a top probability over Qwen's 152k tokens), so they are renormalised here with a double sum (their ratios are
// llama.cpp's exp(l_i - l_max) either way), as tools/oracle/fidelity does.
// Output: <goldenDir>/<case>.json.
//
// Usage: node regen.mjs <modelDir> <goldenDir>

import { getLlama } from "node-llama-cpp";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [modelDir, goldenDir] = process.argv.slice(2);
const STEPS = 16;
const TOP = 20;

const BOS = "<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>";
const COMMON = {
  chinese: "你好，世界！今天天气怎么样？我们一起去公园散步吧。",
  code: "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
};
// Chat markup per vocabulary, with special tokens parsed.
const CHAT = {
  "llama": BOS + "You are an AI programming assistant.\n### Instruction:\nWrite quicksort.\n### Response:\n",
  // ggml-vocab-deepseek-r1-qwen.gguf carries the Qwen2.5 vocabulary (no DeepSeek chat tokens): ChatML markup.
  "qwen2": "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n什么是快速排序？<|im_end|>\n"
    + "<|im_start|>assistant\n<think>\n",
};
const FIM = "<\uFF5Cfim\u2581begin\uFF5C>def add(a, b):\n<\uFF5Cfim\u2581hole\uFF5C>\n    return c<\uFF5Cfim\u2581end\uFF5C>";

const pkg = JSON.parse(readFileSync(new URL("./node_modules/node-llama-cpp/package.json", import.meta.url)));
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });

for (const file of readdirSync(modelDir).filter((f) => f.endsWith(".gguf")).sort()) {
  const name = basename(file, ".gguf");
  const model = await llama.loadModel({ modelPath: join(modelDir, file) });
  // qwen2 and qwen3 cases share the Qwen vocabulary, hence the ChatML prompt
  const arch = /^qwen[23]-/.test(name) ? "qwen2" : "llama";
  const prompts = { ...COMMON, chat: CHAT[arch] };
  if (arch === "llama") prompts.fim = FIM;
  // flash attention off, as in tools/oracle/deepseek2: node-llama-cpp's default ("auto") turns it on for CPU, whose
  // kernel accumulates the attention output in F16; off, ggml rounds the query and the softmax weights to F16 instead
  // (jseek's ActivationPrecision reproduces the latter)
  const context = await model.createContext({ contextSize: 256, batchSize: 256, threads: 1, flashAttention: false });
  const results = [];
  for (const [promptName, text] of Object.entries(prompts)) {
    const tokens = Array.from(model.tokenize(text, true));
    const sequence = context.getSequence();
    const steps = [];
    for await (const out of sequence.evaluateWithMetadata(tokens, { probabilities: true },
        { temperature: 0, yieldEogToken: true })) {
      let sum = 0;
      for (const p of out.probabilities.values()) sum += p;
      const top = [...out.probabilities.entries()].slice(0, TOP).map(([t, p]) => [t, p / sum]);
      steps.push({ token: out.token, top });
      if (steps.length >= STEPS || model.isEogToken(out.token)) break;
    }
    sequence.dispose();
    results.push({ name: promptName, text, tokens, steps });
  }
  await context.dispose();
  await model.dispose();
  const golden = {
    model: name,
    oracle: `node-llama-cpp ${pkg.version} (llama.cpp CPU, F16 KV cache, no flash attention, greedy, top-${TOP}`
      + " probabilities per step)",
    prompts: results,
  };
  writeFileSync(join(goldenDir, `${name}.json`), JSON.stringify(golden, null, 1) + "\n");
  console.log(`${name}: ${results.map((r) => `${r.name} ${r.tokens.length}+${r.steps.length}`).join(", ")}`);
}
