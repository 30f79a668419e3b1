package io.jseek.convert;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Llama 3.1's per-pair RoPE divisors, which llama.cpp's converter stores as the {@code rope_freqs.weight} tensor when
 * {@code rope_scaling.rope_type} is {@code llama3} ({@code LlamaModel.generate_extra_tensors}; the formula is
 * ../shared/docs/deepseek-spec.md §2.2). Computed in f32 as the converter's torch code does.
 */
final class RopeFreqs {
    private RopeFreqs() {
    }

    static float[] llama3(JsonNode scaling, float base, int dims) {
        float factor = (float) scaling.path("factor").asDouble(8.0);
        float low = (float) scaling.path("low_freq_factor").asDouble(1.0);
        float high = (float) scaling.path("high_freq_factor").asDouble(4.0);
        float oldContext = (float) scaling.path("original_max_position_embeddings").asDouble(8192);
        float lowWavelen = oldContext / low;
        float highWavelen = oldContext / high;
        float[] out = new float[dims / 2];
        for (int i = 0; i < out.length; i++) {
            float freq = 1f / (float) Math.pow(base, (float) (2 * i) / dims);
            float wavelen = (float) (2 * Math.PI) / freq;
            if (wavelen < highWavelen) {
                out[i] = 1f;
            } else if (wavelen > lowWavelen) {
                out[i] = factor;
            } else {
                float smooth = (oldContext / wavelen - low) / (high - low);
                out[i] = 1f / ((1 - smooth) / factor + smooth);
            }
        }
        return out;
    }
}
