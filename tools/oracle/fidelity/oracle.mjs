// Fidelity oracle: how far llama.cpp's next-token distributions on a (quantized) model are from the full-precision
// model, the golden data of jseek-model's FidelityTest.
//
// For each case CASE (CASE.gguf, and for a quantized case CASE.twin.gguf: an F32 copy holding exactly its
// dequantized weights, written by jseek's FullPrecisionTwin):
//   reference = llama.cpp on the twin (or the F32 file itself) with an F32 KV cache: for each prompt, a greedy
//               continuation of STEPS tokens and, at every step, the top-TOP probabilities (softmax of the raw
//               logits over the whole vocabulary);
//   llama.cpp on CASE.gguf (quantized cases), fed the same tokens (teacher forcing), with its default F16 cache:
//               at every step the divergence from the reference, KL(ref || llama.cpp) over the reference's top-TOP
//               tokens plus one bucket for the rest of the vocabulary (what FidelityTest computes for jseek), the
//               full-vocabulary KL, and the largest |dp| over the reference's top-TOP tokens;
//   the same with a Q8_0 cache, for the cases whose heads are whole Q8_0 blocks (Q8_0_CACHE; the others' heads of 16
//               cannot be stored as Q8_0, ggml asserts).
// Flash attention is off for F32 and F16 caches (its CPU kernel accumulates F16 values in F16); a quantized V cache
// needs it (its kernel accumulates in F32). node-llama-cpp normalises the probabilities with a float
// sum over the vocabulary in descending order, which drops the tail's small terms: over Qwen's 152k tokens that
// alone moves top probabilities by up to 1e-4, so each distribution is renormalised here with a double sum (the
// ratios between tokens are the exact exp(l_i - l_max) of llama.cpp's logits either way).
//
// usage: node oracle.mjs MODEL_DIR OUT_DIR CASE...
import {getLlama} from "node-llama-cpp";
import fs from "node:fs";
import path from "node:path";

const [modelDir, outDir, ...cases] = process.argv.slice(2);
const STEPS = 8;
const TOP = 20;
const VOCAB = 160000; // at least every vocabulary here (Qwen2's 151936)
const RAW = {temperature: 1, topK: 0, topP: 1, minP: 0};
const Q8_0_CACHE = /^(qwen2|llama)-q[46]_k$/; // head width 64
const PROMPTS = [
    "The history of the printing press begins",
    "def quicksort(xs):\n    if len(xs) <= 1:\n        return xs\n",
    "你好，世界！今天天气怎么样？",
    "Q: What is the capital of France?\nA:",
    "for (int i = 0; i < n; i++) { sum += a[i] * b[i]; }",
    "Once upon a time, in a small village by the sea,",
    "SELECT name, count(*) FROM users GROUP BY name ORDER BY 2 DESC;",
    "1, 1, 2, 3, 5, 8, 13, 21,",
];

const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});

async function open(file, cacheType) {
    const model = await llama.loadModel({modelPath: file, gpuLayers: 0});
    const context = await model.createContext({contextSize: 256, batchSize: 256, threads: 2,
        flashAttention: cacheType === "Q8_0", experimentalKvCacheKeyType: cacheType,
        experimentalKvCacheValueType: cacheType});
    return {model, context, sequence: context.getSequence()};
}

async function close(m) {
    await m.context.dispose();
    await m.model.dispose();
}

// The next-token distribution after feeding `tokens` (the sequence keeps its history): {top: [[token, p]...TOP],
// p: Float64Array over the vocabulary}.
async function next(sequence, tokens, vocab) {
    const input = tokens.map((t, i) => i < tokens.length - 1 ? t
        : [t, {generateNext: {probabilities: true, options: RAW}}]);
    const out = await sequence.controlledEvaluate(input);
    const p = new Float64Array(vocab);
    let sum = 0;
    for (const [t, v] of out[tokens.length - 1].next.probabilities) {
        p[t] = v;
        sum += v;
    }
    for (let t = 0; t < vocab; t++) p[t] /= sum;
    const top = [];
    for (const [t] of out[tokens.length - 1].next.probabilities) {
        if (top.length === TOP) break;
        top.push([t, p[t]]);
    }
    return {top, p};
}

function tokenize(model, text) {
    const tokens = [...model.tokenize(text, false)];
    return model.tokens.shouldPrependBosToken ? [model.tokens.bos, ...tokens] : tokens;
}

// KL(p || q) over p's top tokens plus one bucket for everything else; top: [[token, prob]...], q: Float64Array.
function klTop(top, q) {
    let kl = 0, pRest = 1, qRest = 1;
    for (const [t, p] of top) {
        if (p > 0) kl += p * Math.log(p / Math.max(q[t], 1e-30));
        pRest -= p;
        qRest -= q[t];
    }
    if (pRest > 1e-12) kl += pRest * Math.log(pRest / Math.max(qRest, 1e-30));
    return kl;
}

function klFull(p, q) {
    let kl = 0;
    for (let t = 0; t < p.length; t++) if (p[t] > 0) kl += p[t] * Math.log(p[t] / Math.max(q[t], 1e-30));
    return kl;
}

function maxDp(top, q) {
    return Math.max(...top.map(([t, p]) => Math.abs(p - q[t])));
}

function mean(xs) {
    return xs.reduce((a, b) => a + b, 0) / xs.length;
}

for (const name of cases) {
    const quantized = path.join(modelDir, name + ".gguf");
    const twin = fs.existsSync(path.join(modelDir, name + ".twin.gguf")) ? path.join(modelDir, name + ".twin.gguf")
        : quantized;
    const ref = await open(twin, "F32");
    const prompts = [];
    const fullRef = [];
    for (const text of PROMPTS) {
        await ref.sequence.clearHistory();
        const tokens = tokenize(ref.model, text);
        const steps = [];
        const full = [];
        const continuation = [];
        let probs = await next(ref.sequence, tokens, VOCAB);
        for (let i = 0; i < STEPS; i++) {
            steps.push(probs.top);
            full.push(probs.p);
            continuation.push(probs.top[0][0]);
            if (i + 1 < STEPS) probs = await next(ref.sequence, [probs.top[0][0]], VOCAB);
        }
        prompts.push({text, tokens, continuation, steps});
        fullRef.push(full);
    }
    await close(ref);
    const llamaCpp = {};
    const caches = [...(twin === quantized ? [] : ["F16"]), ...(Q8_0_CACHE.test(name) ? ["Q8_0"] : [])];
    for (const cache of caches) {
        const m = await open(quantized, cache);
        const kl = [], full = [], dp = [];
        for (let pi = 0; pi < prompts.length; pi++) {
            const p = prompts[pi];
            await m.sequence.clearHistory();
            let probs = await next(m.sequence, p.tokens, VOCAB);
            for (let i = 0; i < STEPS; i++) {
                kl.push(klTop(p.steps[i], probs.p));
                full.push(klFull(fullRef[pi][i], probs.p));
                dp.push(maxDp(p.steps[i], probs.p));
                if (i + 1 < STEPS) probs = await next(m.sequence, [p.continuation[i]], VOCAB);
            }
        }
        llamaCpp[cache.toLowerCase()] = {mean_kl_top: mean(kl), mean_kl_full: mean(full), max_kl_top: Math.max(...kl),
            max_dp: Math.max(...dp), kl_top: kl.map((x) => Number(x.toPrecision(4)))};
        await close(m);
    }
    const golden = {model: name, reference: path.basename(twin) + " on llama.cpp with an F32 KV cache",
        oracle: "node-llama-cpp 3.21.1 (llama.cpp CPU; flash attention for the Q8_0 cache only)", top: TOP,
        llama_cpp: llamaCpp,
        prompts: prompts.map((p) => ({text: p.text, tokens: p.tokens, continuation: p.continuation,
            steps: p.steps.map((s) => s.map(([t, pr]) => [t, Number(pr.toPrecision(7))]))}))};
    fs.writeFileSync(path.join(outDir, name + ".json"), JSON.stringify(golden) + "\n");
    console.log(name + ":" + (caches.length === 0 ? " reference only" : caches.map((c) => {
        const m = llamaCpp[c.toLowerCase()];
        return ` llama.cpp ${c} cache mean KL (top-${TOP}+rest) ${m.mean_kl_top.toExponential(2)},`
            + ` full vocabulary ${m.mean_kl_full.toExponential(2)}, max|dp| ${m.max_dp.toExponential(2)}`;
    }).join(";")));
}
