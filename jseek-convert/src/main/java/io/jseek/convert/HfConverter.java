package io.jseek.convert;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.jseek.convert.safetensors.Checkpoint;
import io.jseek.convert.safetensors.JsonErrorText;
import io.jseek.gguf.GgufWriter;
import io.jseek.tensor.GgmlType;
import io.jseek.tokenizer.HuggingFaceGgufVocabulary;
import io.jseek.tokenizer.SpecialRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jseek convert}: a Hugging Face checkpoint folder (config.json, tokenizer files, safetensors weights) to one
 * GGUF file, as llama.cpp's {@code convert_hf_to_gguf.py} makes it. Everything is read and checked before writing;
 * tensors then stream from the mapped shards through {@link GgufWriter}, and the file appears under its name only
 * when complete (a {@link PartialFile} beside it is renamed, or deleted on failure or interrupt).
 */
public final class HfConverter {
    /** What was written. */
    public record Result(Path file, String architecture, int tensors, long bytes) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private HfConverter() {
    }

    public static Result convert(Path folder, Path out, ConvertOptions options, ConvertProgress progress)
            throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new ConvertException(folder + ": not a folder");
        }
        HfConfig config = HfConfig.read(folder);
        HfArchitecture arch = HfArchitecture.of(config);
        ModelShape shape = ModelShape.of(arch, config);
        Path tokenizerJson = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ConvertException(folder + ": no tokenizer.json (jseek converts byte-level BPE tokenizers)");
        }
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            List<OutputTensor> tensors = new java.util.ArrayList<>(
                    TensorPlanner.plan(checkpoint, shape, options.keepMtp()));
            int mtpBlocks = options.keepMtp() ? mtpBlocks(tensors, shape) : 0;
            GgufWriter w = new GgufWriter();
            w.putString("general.architecture", arch.ggufName());
            w.putString("general.type", "model");
            w.putString("general.name", folder.toAbsolutePath().normalize().getFileName().toString());
            ArchitectureKeys.write(config, arch, mtpBlocks, w);
            w.putUint32("general.file_type", options.type().fileType());
            Path tokenizerConfig = folder.resolve("tokenizer_config.json");
            boolean hasTokenizerConfig = Files.isRegularFile(tokenizerConfig);
            checkJson(tokenizerJson);
            if (hasTokenizerConfig) {
                checkJson(tokenizerConfig);
            }
            HuggingFaceGgufVocabulary.write(tokenizerJson, hasTokenizerConfig ? tokenizerConfig : null,
                    configIds(folder, config), config.optInt("vocab_size").orElse(-1), w);
            w.putUint32("general.quantization_version", 2);
            if (arch == HfArchitecture.LLAMA && config.ropeScalingType().orElse("").equals("llama3")) {
                int headDim = config.optInt("head_dim")
                        .orElse(config.getInt("hidden_size") / config.getInt("num_attention_heads"));
                float[] freqs = RopeFreqs.llama3(config.ropeScaling().orElseThrow(),
                        (float) config.optDouble("rope_theta").orElse(10000), headDim);
                tensors.addFirst(OutputTensor.of("rope_freqs.weight", new long[] {freqs.length},
                        RowSource.of(freqs)));
            }
            for (OutputTensor t : tensors) {
                GgmlType type = options.type().typeFor(t);
                w.addTensor(t.name(), type, t.ne(), new TensorFiller(t.rows(), type, progress::advance));
            }
            write(w, out, progress);
            return new Result(out, arch.ggufName(), tensors.size(), Files.size(out));
        }
    }

    /** Malformed JSON as one line naming the file (the tokenizer reader's own errors do not name it). */
    private static void checkJson(Path file) throws IOException {
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
        } catch (JacksonException e) {
            throw new ConvertException(file + ": " + JsonErrorText.describe(e));
        }
    }

    /** Role ids from config.json, then generation_config.json, for roles the tokenizer config does not name. */
    private static Map<SpecialRole, Integer> configIds(Path folder, HfConfig config) throws IOException {
        Map<SpecialRole, Integer> ids = new EnumMap<>(SpecialRole.class);
        Path generation = folder.resolve("generation_config.json");
        List<HfConfig> sources = Files.isRegularFile(generation)
                ? List.of(config, HfConfig.readFile(generation)) : List.of(config);
        for (HfConfig c : sources) {
            for (var role : Map.of(SpecialRole.BOS, "bos_token_id", SpecialRole.EOS, "eos_token_id",
                    SpecialRole.PAD, "pad_token_id").entrySet()) {
                c.firstInt(role.getValue()).ifPresent(id -> ids.putIfAbsent(role.getKey(), id));
            }
        }
        return ids;
    }

    private static int mtpBlocks(List<OutputTensor> tensors, ModelShape shape) {
        return (int) tensors.stream().map(OutputTensor::name)
                .filter(n -> n.startsWith("blk."))
                .mapToInt(n -> Integer.parseInt(n.substring(4, n.indexOf('.', 4))))
                .filter(l -> l >= shape.layers()).distinct().count();
    }

    private static void write(GgufWriter w, Path out, ConvertProgress progress) throws IOException {
        Path target = out.toAbsolutePath();
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (PartialFile partial = new PartialFile(target, ".partial")) {
            progress.start(target.getFileName().toString(), w.tensorBytes());
            w.write(partial.path());
            partial.commit(target);
            progress.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
