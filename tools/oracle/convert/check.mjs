// Loads each converted GGUF and the directly written GGUF of the same weights in llama.cpp (node-llama-cpp's prebuilt
// CPU build), feeds the same token ids, and compares the top-20 next-token probabilities (softmax of the raw logits)
// after every token. jseek's tests already assert identical logits from both files in jseek; this checks that
// llama.cpp reads the converter's names, shapes and keys as it reads the direct writer's (golden-tested elsewhere).
// usage: node check.mjs DIR CASE...   (DIR holds CASE.gguf and CASE.direct.gguf)
import {getLlama} from "node-llama-cpp";
import path from "node:path";

const [dir, ...cases] = process.argv.slice(2);
const TOKENS = [1, 100, 2000, 50000, 7];
const TOP = 20;
const RAW = {temperature: 1, topK: 0, topP: 1, minP: 0};
const llama = await getLlama({gpu: false, build: "never", logLevel: "warn"});

async function distributions(file) {
    const model = await llama.loadModel({modelPath: file, gpuLayers: 0});
    const context = await model.createContext({contextSize: 64, batchSize: 64, threads: 1, flashAttention: false});
    const sequence = context.getSequence();
    const out = await sequence.controlledEvaluate(
        TOKENS.map(t => [t, {generateNext: {probabilities: true, options: RAW}}]));
    const tops = out.map(o => [...o.next.probabilities.entries()].slice(0, TOP));
    await context.dispose();
    await model.dispose();
    return tops;
}

let failed = 0;
for (const name of cases) {
    const converted = await distributions(path.join(dir, name + ".gguf"));
    const direct = await distributions(path.join(dir, name + ".direct.gguf"));
    let worst = 0;
    let sameIds = true;
    for (let i = 0; i < TOKENS.length; i++) {
        for (let k = 0; k < TOP; k++) {
            sameIds &&= converted[i][k][0] === direct[i][k][0];
            worst = Math.max(worst, Math.abs(converted[i][k][1] - direct[i][k][1]));
        }
    }
    const ok = sameIds && worst <= 1e-6;
    if (!ok) failed++;
    console.log(`${name}: ${ok ? "ok" : "DIFFERS"} (top-${TOP} ids ${sameIds ? "equal" : "differ"}, `
        + `max |dp| ${worst.toExponential(2)}, greedy ${converted.map(t => t[0][0]).join(" ")})`);
}
process.exit(failed ? 1 : 0);
