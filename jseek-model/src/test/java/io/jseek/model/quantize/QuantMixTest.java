package io.jseek.model.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jseek.gguf.GgufFile;
import io.jseek.model.fixtures.MixModels;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link QuantMix} against the types llama.cpp's llama_model_quantize gave the same models (golden/quantmix). */
class QuantMixTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> cases() {
        return MixModels.names().stream().flatMap(m -> Stream.of(Arguments.of(m, QuantType.Q4_K_M),
                Arguments.of(m, QuantType.Q5_K_M)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void typeMixIsLlamaCpps(String model, QuantType type) throws IOException {
        Path file = dir.resolve(model + ".gguf");
        if (!file.toFile().exists()) {
            MixGolden.writeModel(model, dir);
        }
        MixGolden golden = MixGolden.load(model, type);
        try (GgufFile f = GgufFile.open(file)) {
            QuantMix.Model facts = QuantMix.Model.of(f);
            Map<String, GgmlType> ours = QuantMix.choose(type, false, facts, MixGolden.tensors(f));
            assertEquals(golden.names(), new ArrayList<>(ours.keySet()), "tensor order");
            for (int i = 0; i < golden.names().size(); i++) {
                String name = golden.names().get(i);
                assertEquals(golden.types().get(i), ours.get(name), name);
            }
        }
    }

    /** The layer counts the notes give for V2-Lite (27 layers: 13) and Qwen3-8B (36: 18). */
    @Test
    void useMoreBitsPicksLlamaCppsLayers() {
        assertEquals(List.of(0, 1, 2, 5, 8, 11, 14, 17, 20, 23, 24, 25, 26),
                IntStream.range(0, 27).filter(l -> QuantMix.useMoreBits(l, 27)).boxed().toList());
        assertEquals(18, IntStream.range(0, 36).filter(l -> QuantMix.useMoreBits(l, 36)).count());
    }

    @Test
    void pureGivesTheDefaultTypeWithFallbacksAndKeepsVectors() {
        List<QuantMix.Tensor> ts = List.of(new QuantMix.Tensor("output.weight", GgmlType.F32, new long[] {256, 10}),
                new QuantMix.Tensor("blk.0.attn_v.weight", GgmlType.F16, new long[] {256, 64}),
                new QuantMix.Tensor("blk.0.ffn_down.weight", GgmlType.F32, new long[] {96, 256}),
                new QuantMix.Tensor("blk.0.odd.weight", GgmlType.F32, new long[] {40, 256}),
                new QuantMix.Tensor("blk.0.attn_norm.weight", GgmlType.F32, new long[] {256}),
                new QuantMix.Tensor("blk.0.ffn_gate_inp.weight", GgmlType.F32, new long[] {256, 4}));
        Map<String, GgmlType> pure = QuantMix.choose(QuantType.Q4_K_M, true,
                new QuantMix.Model("llama", 1, 0, false), ts);
        assertEquals(List.of(GgmlType.Q4_K, GgmlType.Q4_K, GgmlType.Q5_0, GgmlType.F16, GgmlType.F32, GgmlType.F32),
                ts.stream().map(t -> pure.get(t.name())).toList());
    }

    @Test
    void expertTensorsNeedTheirLayerInTheName() {
        List<QuantMix.Tensor> ts = List.of(new QuantMix.Tensor("ffn_down_exps.weight", GgmlType.F32,
                new long[] {256, 256, 4}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuantMix.choose(
                QuantType.Q4_K_M, false, new QuantMix.Model("deepseek2", 2, 4, false), ts));
        assertEquals("tensor ffn_down_exps.weight: no layer in [0, 2) in its name", e.getMessage());
    }
}
