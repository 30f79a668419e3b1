// Golden-output generator for jseek-template.
//
// Renders every chat template in <testdata>/templates/*.jinja, plus the feature probes committed in
// jseek-template/src/test/resources/golden/extra/*.jinja and the built-in fallbacks of
// jseek-template/src/main/resources/io/jseek/template/builtin/<architecture>.jinja (golden name
// builtin-<architecture>), with every conversation of
// jseek-template/src/test/resources/golden/conversations.json, once with add_generation_prompt
// false and once true, using @huggingface/jinja (the Jinja dialect of transformers.js, which
// follows Python Jinja + transformers' apply_chat_template semantics). The results are written to
// jseek-template/src/test/resources/golden/<template>.json; a case where @huggingface/jinja throws
// records the error message instead of an output, and the Java test expects an exception there.
// The template source is copied into the golden file so that the Java test reads committed data only.
//
// Usage: node regen.mjs [testdataDir]   (default: $JSEEK_TESTDATA or /work/shared/testdata)

import { Template } from "@huggingface/jinja";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");
const goldenDir = join(repoRoot, "jseek-template/src/test/resources/golden");
const testdata = process.argv[2] ?? process.env.JSEEK_TESTDATA ?? "/work/shared/testdata";
const templateDirs = [
  { dir: join(testdata, "templates"), prefix: "" },
  { dir: join(goldenDir, "extra"), prefix: "" },
  { dir: join(repoRoot, "jseek-template/src/main/resources/io/jseek/template/builtin"), prefix: "builtin-" },
];

// Special tokens of DeepSeek-V3/R1 (tokenizer/deepseek-v3.tokenizer_config.json); the R1 distills use the same strings.
const BOS = "<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>";
const EOS = "<\uFF5Cend\u2581of\u2581sentence\uFF5C>";

const spec = JSON.parse(readFileSync(join(goldenDir, "conversations.json"), "utf8"));

function renderCase(template, conversation, addGenerationPrompt) {
  const tools = conversation.tools ? spec.tools[conversation.tools] : null;
  const context = {
    messages: conversation.messages,
    tools,
    add_generation_prompt: addGenerationPrompt,
    bos_token: BOS,
    eos_token: EOS,
    ...(conversation.kwargs ?? {}),
  };
  const result = { conversation: conversation.name, add_generation_prompt: addGenerationPrompt };
  try {
    result.output = template.render(context);
  } catch (e) {
    result.error = String(e.message ?? e);
  }
  return result;
}

let total = 0;
let errors = 0;
const written = [];
const templateFiles = templateDirs.flatMap(({ dir, prefix }) =>
  readdirSync(dir).filter((f) => f.endsWith(".jinja")).sort().map((f) => ({ path: join(dir, f), name: prefix + basename(f, ".jinja") })));
for (const { path, name } of templateFiles) {
  const file = basename(path);
  const source = readFileSync(path, "utf8");
  const template = new Template(source);
  const cases = [];
  for (const conversation of spec.conversations) {
    for (const addGenerationPrompt of [false, true]) {
      const c = renderCase(template, conversation, addGenerationPrompt);
      cases.push(c);
      total++;
      if (c.error !== undefined) errors++;
    }
  }
  const golden = { template: file, bos_token: BOS, eos_token: EOS, source, cases };
  const out = join(goldenDir, name + ".json");
  writeFileSync(out, JSON.stringify(golden, null, 2) + "\n");
  written.push(name);
  console.log(`${out}: ${cases.length} cases`);
}
// The Java test iterates over this index, so a template added here is tested without touching Java code.
writeFileSync(join(goldenDir, "index.json"), JSON.stringify({ templates: written, cases: total }, null, 2) + "\n");
console.log(`${total} cases, ${errors} expected errors`);
