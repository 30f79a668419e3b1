package io.jseek.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jseek.model.KvCacheType;
import io.jseek.model.eval.KlStats;
import io.jseek.model.eval.NllStats;
import java.util.Locale;

/** What {@code jseek perplexity} prints: the perplexity and, against a base, the divergence (text or JSON). */
record PerplexityResult(String model, KvCacheType cacheType, int ctx, int chunks, int textTokens, NllStats nll,
                        KlStats kl) {

    String text() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "perplexity: %.4f +/- %.5f over %d tokens (%d chunks of %d, %s cache)", nll.perplexity(),
                nll.perplexityError(), nll.count(), chunks, ctx, cacheType.flagValue()));
        if (kl != null) {
            s.append(String.format(Locale.ROOT, "%nbase perplexity: %.4f +/- %.5f", kl.baseNll().perplexity(),
                    kl.baseNll().perplexityError()));
            s.append(String.format(Locale.ROOT, "%nKL divergence: mean %.6f, max %.6f, 99th percentile %.6f",
                    kl.mean(), kl.max(), kl.percentile(0.99)));
            s.append(String.format(Locale.ROOT, "%nsame top token: %.2f%%", 100 * kl.sameTopFraction()));
        }
        return s.toString();
    }

    String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = mapper.createObjectNode();
        o.put("model", model).put("cache_type", cacheType.flagValue()).put("ctx", ctx).put("chunks", chunks)
                .put("text_tokens", textTokens).put("scored_tokens", nll.count()).put("mean_nll", nll.meanNll())
                .put("perplexity", nll.perplexity()).put("perplexity_error", nll.perplexityError());
        if (kl != null) {
            o.putObject("kl_divergence").put("base_perplexity", kl.baseNll().perplexity()).put("mean", kl.mean())
                    .put("max", kl.max()).put("p99", kl.percentile(0.99)).put("same_top", kl.sameTopFraction());
        }
        try {
            return mapper.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
