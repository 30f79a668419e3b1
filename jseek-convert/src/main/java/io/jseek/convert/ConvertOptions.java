package io.jseek.convert;

/**
 * @param type the weights' output type
 * @param keepMtp keep deepseek2's multi-token-prediction block as {@code blk.N.nextn.*} (dropped by default, as
 *     llama.cpp's converter does)
 */
public record ConvertOptions(OutputType type, boolean keepMtp) {
    public static ConvertOptions defaults() {
        return new ConvertOptions(OutputType.F16, false);
    }
}
