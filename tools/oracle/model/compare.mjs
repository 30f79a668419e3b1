// Compares two sets of dense golden files (regen.mjs's format): for each case and prompt, the largest |dp| over the
// top-20 tokens both list, along the steps where both chose the same tokens.
// usage: node compare.mjs DIR_A DIR_B CASE...
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [a, b, ...cases] = process.argv.slice(2);
for (const name of cases) {
  const ga = JSON.parse(readFileSync(join(a, `${name}.json`)));
  const gb = JSON.parse(readFileSync(join(b, `${name}.json`)));
  const parts = ga.prompts.map((pa, i) => {
    const pb = gb.prompts[i];
    let worst = 0;
    let steps = 0;
    for (; steps < Math.min(pa.steps.length, pb.steps.length); steps++) {
      const top = new Map(pb.steps[steps].top);
      for (const [t, p] of pa.steps[steps].top) if (top.has(t)) worst = Math.max(worst, Math.abs(p - top.get(t)));
      if (pa.steps[steps].token !== pb.steps[steps].token) break;
    }
    return `${pa.name} ${worst.toExponential(2)} (${steps} steps)`;
  });
  console.log(`${name}: max |dp| ${parts.join(", ")}`);
}
