package io.jseek.model.quantize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufTensor;
import io.jseek.model.fixtures.MixModels;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** llama-quantize's output for one {@link MixModels} case and type (tools/oracle/quant/regen-mix.sh). */
record MixGolden(List<String> names, List<GgmlType> types, List<String> hashes) {
    static MixGolden load(String model, QuantType type) {
        String resource = "/golden/quantmix/" + model + "-" + type.name().toLowerCase(Locale.ROOT) + ".json";
        try (InputStream in = MixGolden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing golden " + resource);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<String> names = new ArrayList<>();
            List<GgmlType> types = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            for (JsonNode t : root.get("tensors")) {
                names.add(t.get("name").asText());
                types.add(GgmlType.valueOf(t.get("type").asText().toUpperCase(Locale.ROOT)));
                hashes.add(t.get("fnv1a64").asText());
            }
            return new MixGolden(names, types, hashes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the case into {@code dir} (the same bytes the oracle quantized). */
    static Path writeModel(String model, Path dir) throws IOException {
        Path vocabDir = Path.of(System.getProperty("jseek.testdata"), "tokenizer");
        if (!Files.isDirectory(vocabDir)) {
            throw new IllegalStateException("test data not found: " + vocabDir);
        }
        return MixModels.write(model, vocabDir, dir);
    }

    /** FNV-1a 64 of a tensor's bytes, as the oracle prints it. */
    static String fnv1a64(GgufTensor t) {
        MemorySegment s = t.data();
        long h = 0xcbf29ce484222325L;
        for (long i = 0; i < s.byteSize(); i++) {
            h = (h ^ (s.get(ValueLayout.JAVA_BYTE, i) & 0xFF)) * 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    static List<QuantMix.Tensor> tensors(GgufFile f) {
        return f.tensors().values().stream().map(t -> new QuantMix.Tensor(t.name(), t.type(), t.shape())).toList();
    }
}
