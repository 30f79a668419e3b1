package io.jseek.model.golden;

import io.jseek.model.fixtures.FullPrecisionTwin;
import io.jseek.model.fixtures.TinyDeepseek2Models;
import io.jseek.model.fixtures.TinyModels;
import io.jseek.model.random.RandomModelSpec;
import io.jseek.model.random.RandomModelWriter;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fidelity cases ({@link FidelityTest}): each architecture (qwen2, llama, deepseek2 V2-Lite and V3 styles, the
 * latter two with split {@code attn_k_b}/{@code attn_v_b}) in F32 and in each quant type, written from the tiny
 * random specs of {@link TinyModels} and {@link TinyDeepseek2Models}; the reference for a quantized case is its F32
 * twin ({@link FullPrecisionTwin}), its dequantized weights exactly.
 *
 * <p>{@code FidelityModels VOCAB_DIR OUT_DIR [CASE...]} writes the named cases (default: all) as {@code CASE.gguf}
 * and, for quantized ones, the twin as {@code CASE.twin.gguf} ({@code tools/oracle/fidelity/regen.sh}). A case name
 * may end in {@code @SEED} ({@code ds3-q8_0@7}): the same spec drawn from another seed, to measure how much of a
 * difference between engines is the chance of one set of random weights ({@code tools/oracle/fidelity/text.sh ds3-q8_0@7}).
 */
final class FidelityModels {
    static final List<GgmlType> TYPES = List.of(GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K,
            GgmlType.Q6_K);
    static final List<String> ARCHS = List.of("qwen2", "llama", "ds2-lite", "ds3");

    private FidelityModels() {
    }

    /** Case names, {@code ARCH-TYPE}. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String arch : ARCHS) {
            for (GgmlType t : TYPES) {
                names.add(arch + "-" + t.name().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    static String arch(String name) {
        String spec = withoutSeed(name);
        return spec.substring(0, spec.lastIndexOf('-'));
    }

    static GgmlType type(String name) {
        String spec = withoutSeed(name);
        return GgmlType.valueOf(spec.substring(spec.lastIndexOf('-') + 1).toUpperCase(Locale.ROOT));
    }

    private static String withoutSeed(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The spec's own seed, or the one after {@code @}. */
    private static RandomModelSpec seeded(RandomModelSpec spec, String name) {
        int at = name.indexOf('@');
        return at < 0 ? spec : spec.withSeed(Long.parseLong(name.substring(at + 1)));
    }

    /** Writes case {@code name} to {@code out}. */
    static void write(String name, Path vocabDir, Path out) throws IOException {
        GgmlType t = type(name);
        RandomModelSpec spec = seeded(switch (arch(name)) {
            case "qwen2" -> TinyModels.qwen2(t);
            case "llama" -> TinyModels.llamaLinear(t);
            case "ds2-lite" -> TinyDeepseek2Models.v2Lite(t, true);
            case "ds3" -> TinyDeepseek2Models.v3(t, true);
            default -> throw new IllegalArgumentException("no fidelity case " + name);
        }, name);
        RandomModelWriter.write(spec, vocabDir.resolve(spec.vocab()), out);
    }

    public static void main(String[] args) throws IOException {
        Path vocabDir = Path.of(args[0]);
        Path outDir = Files.createDirectories(Path.of(args[1]));
        List<String> wanted = args.length > 2 ? List.of(args).subList(2, args.length) : names();
        for (String name : wanted) {
            Path file = outDir.resolve(name + ".gguf");
            write(name, vocabDir, file);
            if (type(name) != GgmlType.F32) {
                FullPrecisionTwin.write(file, outDir.resolve(name + ".twin.gguf"));
            }
            System.out.println(name);
        }
    }
}
