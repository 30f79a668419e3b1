// Runs llama.cpp (node-llama-cpp's prebuilt CPU build) on jseek's tiny deepseek2 models and writes golden JSON:
// for each prompt the token ids (tokenized by llama.cpp, special tokens parsed), then for the prompt end and each of
// the greedy continuation steps the top-20 next-token probabilities (softmax of the raw logits: temperature 1, no
// top-k/top-p/min-p truncation) and the greedy (argmax) token, which is fed back.
// usage: node oracle.mjs MODEL_DIR OUT_DIR CASE...
import {getLlama} from "node-llama-cpp";
import fs from "node:fs";
import path from "node:path";

const [modelDir, outDir, ...cases] = process.argv.slice(2);
const STEPS = 16;
const TOP = 20;
const RAW = {temperature: 1, topK: 0, topP: 1, minP: 0};

const PROMPTS = {
    v2: [
        {name: "chinese", text: "你好，世界！DeepSeek 是一家中国公司。"},
        {name: "code", text: "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"},
        {name: "chat", text: "<｜begin▁of▁sentence｜>User: Write a haiku about the sea.\n\nAssistant:", raw: true},
    ],
    v3: [
        {name: "chinese", text: "你好，世界！DeepSeek 是一家中国公司。"},
        {name: "code", text: "for (int i = 0; i < n; i++) { sum += a[i]; }"},
        {name: "chat", text: "<｜begin▁of▁sentence｜><｜User｜>Write a haiku about the sea.<｜Assistant｜><think>\n", raw: true},
    ],
};

const llama = await getLlama({gpu: false, build: "never", logLevel: "warn"});

// node-llama-cpp normalises with a float sum in descending order, which drops the tail's small terms; the
// probabilities are renormalised with a double sum (their ratios are llama.cpp's exp(l_i - l_max) either way).
function top(probabilities, sum) {
    return [...probabilities.entries()].slice(0, TOP).map(([t, p]) => [t, p / sum]);
}

async function next(sequence, tokens) {
    const input = tokens.map((t, i) => i < tokens.length - 1 ? t
        : [t, {generateNext: {probabilities: true, options: RAW}}]);
    const out = await sequence.controlledEvaluate(input);
    const probs = out[tokens.length - 1].next.probabilities;
    let sum = 0;
    for (const p of probs.values()) sum += p;
    return {top: top(probs, sum), sum};
}

for (const name of cases) {
    const model = await llama.loadModel({modelPath: path.join(modelDir, name + ".gguf"), gpuLayers: 0});
    const context = await model.createContext({contextSize: 256, batchSize: 256, threads: 2, flashAttention: false});
    const sequence = context.getSequence();
    const prompts = [];
    for (const prompt of PROMPTS[name.startsWith("ds3") ? "v3" : "v2"]) {
        await sequence.clearHistory();
        const tokens = prompt.raw ? [...model.tokenize(prompt.text, true)]
            : [model.tokens.bos, ...model.tokenize(prompt.text, false)];
        const steps = [];
        const continuation = [];
        let step = await next(sequence, tokens);
        for (let i = 0; i < STEPS; i++) {
            steps.push(step.top);
            const greedy = step.top[0][0];
            continuation.push(greedy);
            if (Math.abs(step.sum - 1) > 1e-3) throw new Error(`probabilities sum to ${step.sum}, not 1`);
            if (i + 1 < STEPS) step = await next(sequence, [greedy]);
        }
        prompts.push({name: prompt.name, text: prompt.text, tokens, continuation, steps});
    }
    const golden = {model: name, oracle: "llama.cpp via node-llama-cpp 3.21.1, CPU, F16 KV cache", top: TOP, prompts};
    fs.writeFileSync(path.join(outDir, name + ".json"), JSON.stringify(golden) + "\n");
    console.log(name, prompts.map(p => `${p.name}: ${p.tokens.length} tokens -> ${p.continuation.join(" ")}`));
    await context.dispose();
    await model.dispose();
}
