// Text fidelity oracle: llama.cpp's KL divergence from the full-precision model over a text, in jseek perplexity's
// chunks, and the reference distributions in jseek's logits format, so that `jseek perplexity --kl-base` measures
// jseek on the same positions against the same numbers.
//
// Chunks as llama-perplexity (and jseek's ChunkedEvaluator) cut them: CTX tokens each, from an empty cache, the first
// token replaced by BOS when the vocabulary adds one, positions CTX/2 .. CTX-2 scored (each predicts the next token).
//   reference = llama.cpp on REF.gguf (the F32 twin) with an F32 KV cache: each scored position's distribution,
//               renormalised in double (node-llama-cpp's float sum drops the tail), written to BASE as jseek's
//               LogitsFile.Writer encodes logits (log-probabilities within 24 nats of the top as 16-bit codes);
//   llama.cpp on MODEL.gguf with CACHE (default its default F16 cache): per position KL(reference || llama.cpp)
//               against the decoded codes, renormalised over the kept tokens, as jseek's KlStats computes it; mean,
//               max, p99, same top, and the WORST largest positions in the shape of `jseek perplexity --json`'s
//               "worst" list (chunk, position in it, next token, each side's top token with its probability under
//               the reference and under llama.cpp), to set beside jseek's.
// Flash attention is off for F32 and F16 caches (its CPU kernel accumulates F16 values in F16); a Q8_0 cache needs it
// in llama.cpp (a quantized V cache), whose CPU kernel weights the dequantized values in F32 with an online softmax.
//
// usage: node text-kl.mjs REF.gguf MODEL.gguf TEXT CTX CHUNKS BASE [F16|Q8_0] [WORST]   (prints one JSON object;
// the KL under "llama_cpp_f16" or "llama_cpp_q8_0"; WORST defaults to 5)
import {getLlama} from "node-llama-cpp";
import fs from "node:fs";

const [refFile, modelFile, textFile, ctxArg, chunksArg, baseFile, cacheArg = "F16", worstArg = "5"] =
    process.argv.slice(2);
const WORST = Number(worstArg);
const CACHE = cacheArg.toUpperCase();
if (CACHE !== "F16" && CACHE !== "Q8_0") throw new Error(`cache type ${cacheArg}: F16 or Q8_0`);
const CTX = Number(ctxArg);
const RAW = {temperature: 1, topK: 0, topP: 1, minP: 0};
const GROUP = 16; // scored positions per evaluation call (each returns a whole-vocabulary map)
const RANGE = 24;
const LEVELS = 65534;
const MAGIC = Buffer.from("JSKLOGIT", "ascii");

const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});

async function open(file, cacheType) {
    const model = await llama.loadModel({modelPath: file, gpuLayers: 0});
    const context = await model.createContext({contextSize: CTX, batchSize: CTX, threads: 2,
        flashAttention: cacheType === "Q8_0",
        experimentalKvCacheKeyType: cacheType, experimentalKvCacheValueType: cacheType});
    return {model, context, sequence: context.getSequence()};
}

async function close(m) {
    await m.context.dispose();
    await m.model.dispose();
}

function tokenize(model, text) {
    const tokens = [...model.tokenize(text, false)];
    return model.tokens.shouldPrependBosToken ? [model.tokens.bos, ...tokens] : tokens;
}

// Calls `visit(index, logProbs: Float64Array, next)` for each scored position of chunk `c`, in order.
async function evaluateChunk(m, tokens, c, vocab, visit) {
    const input = tokens.slice(c * CTX, (c + 1) * CTX);
    if (m.model.tokens.shouldPrependBosToken) input[0] = m.model.tokens.bos;
    const first = CTX >> 1;
    await m.sequence.clearHistory();
    await m.sequence.controlledEvaluate(input.slice(0, first));
    for (let from = first; from <= CTX - 2; from += GROUP) {
        const to = Math.min(from + GROUP, CTX - 1);
        const out = await m.sequence.controlledEvaluate(input.slice(from, to)
            .map((t) => [t, {generateNext: {probabilities: true, options: RAW}}]));
        for (let i = 0; i < to - from; i++) {
            const lp = new Float64Array(vocab).fill(0);
            let sum = 0;
            for (const [t, p] of out[i].next.probabilities) {
                if (t >= vocab) throw new Error(`token ${t} outside the vocabulary of ${vocab}`);
                lp[t] = p;
                sum += p;
            }
            for (let t = 0; t < vocab; t++) lp[t] = Math.log(lp[t] / sum);
            visit(from + i - first, lp, input[from + i + 1]);
        }
    }
}

// FNV-1a 64 of tokens[0 .. n), each as four little-endian bytes (LogitsFile.hash).
function hash(tokens, n) {
    let h = 0xcbf29ce484222325n;
    const mask = (1n << 64n) - 1n;
    for (let i = 0; i < n; i++) {
        for (let b = 0; b < 4; b++) {
            h ^= BigInt((tokens[i] >>> (8 * b)) & 0xff);
            h = (h * 0x100000001b3n) & mask;
        }
    }
    return BigInt.asIntN(64, h);
}

function rint(x) {
    const r = Math.round(x);
    return (Math.abs(x % 1) === 0.5 && r % 2 !== 0) ? r - 1 : r;
}

function argmax(a) {
    let best = 0;
    for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
    return best;
}

// One position's record, as LogitsFile.Writer.write (lse = 0: lp is already normalised); x86 is little-endian, as
// the format.
function encode(lp, next) {
    const vocab = lp.length;
    const top = argmax(lp);
    let min = Infinity;
    for (let i = 0; i < vocab; i++) min = Math.min(min, lp[i]);
    const floor = Math.fround(Math.max(min, lp[top] - RANGE));
    const step = Math.fround((lp[top] - floor) / LEVELS);
    const rec = Buffer.alloc(16 + 2 * vocab);
    rec.writeFloatLE(floor, 0);
    rec.writeFloatLE(step, 4);
    rec.writeInt32LE(top, 8);
    rec.writeFloatLE(-lp[next], 12);
    const codes = new Uint16Array(rec.buffer, rec.byteOffset + 16, vocab);
    for (let i = 0; i < vocab; i++) {
        codes[i] = lp[i] < floor ? 0 : step > 0 ? 1 + Math.min(LEVELS, rint((lp[i] - floor) / step)) : 1;
    }
    return rec;
}

function decode(rec, vocab) {
    const floor = rec.readFloatLE(0);
    const step = rec.readFloatLE(4);
    const codes = new Uint16Array(rec.buffer, rec.byteOffset + 16, vocab);
    const lp = new Float64Array(vocab);
    for (let i = 0; i < vocab; i++) lp[i] = codes[i] === 0 ? -Infinity : floor + (codes[i] - 1) * step;
    return {lp, top: rec.readInt32LE(8)};
}

const text = fs.readFileSync(textFile, "utf8");
const ref = await open(refFile, "F32");
const tokens = tokenize(ref.model, text);
const chunks = Number(chunksArg);
if (tokens.length < chunks * CTX) throw new Error(`${textFile} tokenizes to ${tokens.length} tokens, fewer than ${chunks} chunks of ${CTX}`);
let vocab = 0;
{
    const probe = await ref.sequence.controlledEvaluate([[tokens[0], {generateNext: {probabilities: true, options: RAW}}]]);
    vocab = probe[0].next.probabilities.size;
}
const header = Buffer.alloc(32);
MAGIC.copy(header, 0);
header.writeInt32LE(1, 8);
header.writeInt32LE(vocab, 12);
header.writeInt32LE(CTX, 16);
header.writeInt32LE(chunks, 20);
header.writeBigInt64LE(hash(tokens, chunks * CTX), 24);
const fd = fs.openSync(baseFile, "w");
fs.writeSync(fd, header);
for (let c = 0; c < chunks; c++) {
    await evaluateChunk(ref, tokens, c, vocab, (i, lp, next) => fs.writeSync(fd, encode(lp, next)));
}
fs.closeSync(fd);
await close(ref);

const recordBytes = 16 + 2 * vocab;
const scored = CTX - (CTX >> 1) - 1;
const base = fs.openSync(baseFile, "r");
const rec = Buffer.alloc(recordBytes); // byteOffset 0: a view of its own
const m = await open(modelFile, CACHE);
const kls = [];
const positions = [];
let sameTop = 0;
for (let c = 0; c < chunks; c++) {
    await evaluateChunk(m, tokens, c, vocab, (i, lq, next) => {
        fs.readSync(base, rec, 0, recordBytes, 32 + (c * scored + i) * recordBytes);
        const b = decode(rec, vocab);
        let max = -Infinity;
        for (const v of b.lp) max = Math.max(max, v);
        let z = 0;
        for (const v of b.lp) if (v !== -Infinity) z += Math.exp(v - max);
        const logZ = max + Math.log(z);
        let kl = 0;
        for (let t = 0; t < vocab; t++) {
            if (b.lp[t] === -Infinity) continue;
            const p = b.lp[t] - logZ;
            kl += Math.exp(p) * (p - Math.max(lq[t], -690));
        }
        kls.push(kl);
        const top = argmax(lq);
        if (top === b.top) sameTop++;
        const pBase = (t) => Math.exp(b.lp[t] - logZ);
        positions.push({kl, chunk: c, position: (CTX >> 1) + i, next,
            base_top: {id: b.top, p_base: pBase(b.top), p_model: Math.exp(lq[b.top])},
            model_top: {id: top, p_base: pBase(top), p_model: Math.exp(lq[top])}});
    });
}
const tokenText = (id) => m.model.detokenize([id], true);
const named = (top) => ({...top, text: tokenText(top.id)});
const worst = positions.sort((x, y) => y.kl - x.kl).slice(0, WORST).map((w) =>
    ({...w, next_text: tokenText(w.next), base_top: named(w.base_top), model_top: named(w.model_top)}));
fs.closeSync(base);
await close(m);
const sorted = [...kls].sort((a, b) => a - b);
console.log(JSON.stringify({text_tokens: tokens.length, ctx: CTX, chunks, scored_tokens: kls.length, vocab,
    [`llama_cpp_${CACHE.toLowerCase()}`]: {mean: kls.reduce((a, b) => a + b, 0) / kls.length,
        max: sorted[sorted.length - 1], p99: sorted[Math.max(0, Math.ceil(0.99 * kls.length) - 1)],
        same_top: sameTop / kls.length, worst}}));
