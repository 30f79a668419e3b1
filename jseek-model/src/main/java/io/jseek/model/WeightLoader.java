package io.jseek.model;

import io.jseek.gguf.GgufFile;
import io.jseek.gguf.GgufTensor;
import io.jseek.tensor.FloatTensor;
import io.jseek.tensor.Tensors;
import io.jseek.tensor.UnsupportedTypeException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Looks tensors up by name and wraps them as {@link FloatTensor} views over the mapped file (no copy), checking
 * shapes. Errors name the file, the architecture and the tensor, so that a broken or foreign file fails at load time
 * with one clear message instead of deep in a forward pass.
 */
public final class WeightLoader {
    private final GgufFile file;
    private final String architecture;

    public WeightLoader(GgufFile file, String architecture) {
        this.file = file;
        this.architecture = architecture;
    }

    /** The tensor {@code name} with exactly {@code shape} ({@code shape[0]} = row length; trailing 1s ignored). */
    public FloatTensor require(String name, long... shape) throws ModelLoadException {
        return optional(name, shape).orElseThrow(() -> new ModelLoadException(file.path() + ": tensor '" + name
                + "' is missing (required by architecture '" + architecture + "')"));
    }

    /** As {@link #require} but empty when the file has no such tensor. */
    public Optional<FloatTensor> optional(String name, long... shape) throws ModelLoadException {
        Optional<GgufTensor> found = file.findTensor(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        GgufTensor t = found.get();
        if (!sameShape(t, shape)) {
            throw new ModelLoadException(file.path() + ": tensor '" + name + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape) + " for architecture '"
                    + architecture + "'");
        }
        try {
            return Optional.of(Tensors.of(t.type(), t.data(), t.elementCount()));
        } catch (UnsupportedTypeException | IllegalArgumentException e) {
            throw new ModelLoadException(file.path() + ": tensor '" + name + "' of type " + t.type()
                    + " cannot be used: " + e.getMessage());
        }
    }

    /** A small tensor (norm weights, RoPE factors) dequantized into a new array, for load-time use only. */
    public static float[] toArray(FloatTensor t) {
        float[] out = new float[Math.toIntExact(t.size())];
        t.dequantize(0, out, 0, out.length);
        return out;
    }

    private static boolean sameShape(GgufTensor t, long[] shape) {
        int rank = Math.max(t.rank(), shape.length);
        for (int i = 0; i < rank; i++) {
            long expected = i < shape.length ? shape[i] : 1;
            if (t.dim(i) != expected) {
                return false;
            }
        }
        return true;
    }
}
