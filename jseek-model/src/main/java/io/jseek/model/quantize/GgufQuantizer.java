package io.jseek.model.quantize;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufTensor;
import io.jseek.gguf.GgufValueType;
import io.jseek.gguf.GgufWriter;
import io.jseek.model.ComputePool;
import io.jseek.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Re-quantizes a GGUF model the way llama-quantize does: every metadata pair copied ({@code general.file_type} and
 * {@code general.quantization_version} set, {@code split.*} dropped), each tensor given the type {@link QuantMix}
 * chooses, converted through F32 ({@link TensorRequantizer}: the source dequantized, then ggml's reference quantizer),
 * tensors in llama.cpp's order.
 *
 * <p>Nothing is held in memory but one 4 MiB output chunk at a time: the input is memory-mapped and the output
 * streamed. The output is written beside the target as {@code OUT.partial} and renamed when complete; a failure or
 * an interrupt (Ctrl-C, through a shutdown hook) deletes it, so no partial file is left.
 */
public final class GgufQuantizer {
    /** What to do: input, output, file type, {@code --pure} (no mix rules), compute threads. */
    public record Options(Path in, Path out, QuantType type, boolean pure, int threads) {
    }

    /** Told about each tensor as its writing starts ({@code index} from 1) and when the file is complete. */
    public interface Progress {
        void tensor(int index, int count, String name, GgmlType from, GgmlType to, long[] shape);
    }

    /** What was written: tensors per output type, source tensors that were already quantized, file sizes. */
    public record Result(Map<GgmlType, Integer> types, int requantized, long inBytes, long outBytes) {
    }

    private GgufQuantizer() {
    }

    /** The quantized types among {@code file}'s tensors (empty for an F32/F16/BF16 model). */
    public static List<GgmlType> quantizedSourceTypes(GgufFile file) {
        return file.tensors().values().stream().map(GgufTensor::type).filter(GgufQuantizer::isQuantized).distinct()
                .toList();
    }

    public static Result quantize(Options o, Progress progress) throws IOException {
        checkPaths(o.in(), o.out());
        Path target = o.out().toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Thread cleanup = new Thread(() -> partial.toFile().delete());
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (GgufFile in = GgufFile.open(o.in()); ComputePool pool = new ComputePool(o.threads())) {
            List<QuantMix.Tensor> tensors = new ArrayList<>();
            for (GgufTensor t : in.tensors().values()) {
                tensors.add(new QuantMix.Tensor(t.name(), t.type(), t.shape()));
            }
            Map<String, GgmlType> plan = QuantMix.choose(o.type(), o.pure(), QuantMix.Model.of(in), tensors);
            GgufWriter w = metadata(in, o.type());
            Map<GgmlType, Integer> counts = new EnumMap<>(GgmlType.class);
            int requantized = 0;
            int index = 0;
            for (Map.Entry<String, GgmlType> e : plan.entrySet()) {
                GgufTensor t = in.tensor(e.getKey());
                GgmlType to = e.getValue();
                counts.merge(to, 1, Integer::sum);
                requantized += to != t.type() && isQuantized(t.type()) ? 1 : 0;
                int i = ++index;
                w.addTensor(t.name(), to, t.shape(), new TensorRequantizer(t, to, pool,
                        () -> progress.tensor(i, plan.size(), t.name(), t.type(), to, t.shape())));
            }
            w.write(partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(counts, requantized, in.fileBytes(), Files.size(target));
        } finally {
            Files.deleteIfExists(partial);
            removeHook(cleanup);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it deletes the partial file itself
        }
    }

    /** The bad-argument checks, each with one clear message, before anything is written. */
    private static void checkPaths(Path in, Path out) throws IOException {
        if (!Files.isRegularFile(in)) {
            throw new IllegalArgumentException("input file not found: " + in);
        }
        Path folder = out.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("output folder does not exist: " + folder);
        }
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new IllegalArgumentException("output file is the input file: " + out);
        }
    }

    /** Every input pair in input order, then the file type and quantization version (as llama.cpp sets them). */
    private static GgufWriter metadata(GgufFile in, QuantType type) {
        GgufWriter w = new GgufWriter();
        for (String key : in.metadata().keySet()) {
            if (key.startsWith("split.") || key.equals("general.file_type")
                    || key.equals("general.quantization_version")) {
                continue;
            }
            if (key.equals("general.alignment")) {
                w.putUint32(key, ((Number) in.metadata().get(key)).longValue());
            } else {
                w.copy(in, key);
            }
        }
        w.put("general.quantization_version", GgufValueType.UINT32, 2);
        w.put("general.file_type", GgufValueType.UINT32, type.fileType());
        return w;
    }

    static boolean isQuantized(GgmlType t) {
        return t.blockSize() > 1;
    }
}
