package io.jseek.convert;

import io.jseek.convert.safetensors.Checkpoint;
import io.jseek.convert.safetensors.Dtype;
import io.jseek.convert.safetensors.SafeTensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A Hugging Face checkpoint folder given where a model is expected ({@code run}, {@code chat}, {@code serve},
 * {@code bench}): converted once to a GGUF file of the weights' own type (F32, F16 or BF16, which jseek has kernels
 * for) in a cache folder, and reused while the folder's files are unchanged. The key is a hash of the folder's path
 * and each file's name, size and modification time. FP8 weights have no kernel: the error names the command that
 * converts them.
 */
public final class CheckpointCache {
    private CheckpointCache() {
    }

    /** Whether {@code path} looks like a checkpoint folder (a folder with a config.json). */
    public static boolean isCheckpoint(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve("config.json"));
    }

    /** The cached GGUF of {@code folder} under {@code cacheDir}, converted first if it is not there yet. */
    public static Path gguf(Path folder, Path cacheDir, ConvertProgress progress, Runnable onConvert)
            throws IOException {
        OutputType type = weightType(folder);
        Path target = cacheDir.resolve(folder.toAbsolutePath().normalize().getFileName() + "-" + key(folder) + "-"
                + type.name().toLowerCase(Locale.ROOT) + ".gguf");
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(cacheDir);
        onConvert.run();
        HfConverter.convert(folder, target, new ConvertOptions(type, false), progress);
        return target;
    }

    /** The type the weights are stored in, if jseek runs it as it is. */
    static OutputType weightType(Path folder) throws IOException {
        boolean f32 = true;
        boolean f16 = false;
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            for (SafeTensor t : checkpoint.tensors().values()) {
                if (t.rank() < 2) {
                    continue;
                }
                switch (t.dtype()) {
                    case F32, F64 -> { }
                    case F16 -> {
                        f32 = false;
                        f16 = true;
                    }
                    case BF16 -> f32 = false;
                    default -> throw new ConvertException(folder + ": its weights are " + t.dtype()
                            + (t.dtype() == Dtype.F8_E4M3 ? " (DeepSeek FP8)" : "") + ", which jseek has no kernel"
                            + " for; convert them once: jseek convert " + folder + " --type q8_0 (or q4_k_m)");
                }
            }
        }
        return f32 ? OutputType.F32 : f16 ? OutputType.F16 : OutputType.BF16;
    }

    private static String key(Path folder) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(folder.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            try (var files = Files.list(folder)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    sha.update((f.getFileName() + "\0" + Files.size(f) + "\0" + Files.getLastModifiedTime(f).toMillis()
                            + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
