package io.jseek.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jseek.model.KvCacheType;
import io.jseek.model.eval.KlStats;
import io.jseek.model.eval.NllStats;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * What {@code jseek perplexity} prints: the perplexity and, against a base, the divergence with its largest positions
 * (text or JSON); {@code tokenText} renders a token id for those.
 */
record PerplexityResult(String model, KvCacheType cacheType, int ctx, int chunks, int textTokens, NllStats nll,
                        KlStats kl, IntFunction<String> tokenText) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

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
            if (!kl.worst().isEmpty()) {
                s.append(String.format(Locale.ROOT, "%nlargest KL: chunk:position  next token  base's top"
                        + " (p base / p model)  model's top (p base / p model)"));
            }
            for (KlStats.Divergence d : kl.worst()) {
                s.append(String.format(Locale.ROOT, "%n  %.6f  %d:%d  %s  %s (%.4f / %.4f)  %s (%.4f / %.4f)",
                        d.kl(), d.chunk(), d.position(), quoted(d.next()), quoted(d.baseTop()), d.baseTopBaseP(),
                        d.baseTopModelP(), quoted(d.modelTop()), d.modelTopBaseP(), d.modelTopModelP()));
            }
        }
        return s.toString();
    }

    String json() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("model", model).put("cache_type", cacheType.flagValue()).put("ctx", ctx).put("chunks", chunks)
                .put("text_tokens", textTokens).put("scored_tokens", nll.count()).put("mean_nll", nll.meanNll())
                .put("perplexity", nll.perplexity()).put("perplexity_error", nll.perplexityError());
        if (kl != null) {
            ObjectNode k = o.putObject("kl_divergence").put("base_perplexity", kl.baseNll().perplexity())
                    .put("mean", kl.mean()).put("max", kl.max()).put("p99", kl.percentile(0.99))
                    .put("same_top", kl.sameTopFraction());
            ArrayNode worst = k.putArray("worst");
            for (KlStats.Divergence d : kl.worst()) {
                ObjectNode w = worst.addObject().put("kl", d.kl()).put("chunk", d.chunk())
                        .put("position", d.position()).put("next", d.next())
                        .put("next_text", tokenText.apply(d.next()));
                w.putObject("base_top").put("id", d.baseTop()).put("text", tokenText.apply(d.baseTop()))
                        .put("p_base", d.baseTopBaseP()).put("p_model", d.baseTopModelP());
                w.putObject("model_top").put("id", d.modelTop()).put("text", tokenText.apply(d.modelTop()))
                        .put("p_base", d.modelTopBaseP()).put("p_model", d.modelTopModelP());
            }
        }
        try {
            return MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token's text as a JSON string literal (quotes, escaped newlines), so blanks and controls show. */
    private String quoted(int id) {
        try {
            return MAPPER.writeValueAsString(tokenText.apply(id));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
