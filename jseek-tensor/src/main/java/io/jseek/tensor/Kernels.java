package io.jseek.tensor;

import io.jseek.cpu.NativeKernels;
import java.util.Locale;

/**
 * Which kernels multiply quantized weights: the native int8 kernels ({@link NativeKernels}: activations quantized
 * to int8 blocks, integer dot products) or the Java ones (Vector API, activations rounded to the same values and
 * multiplied in float). One choice per JVM, made before a model runs: {@code --kernels} on the command line, else the
 * system property {@value #PROPERTY}, else {@link Mode#AUTO}.
 *
 * <p>Both paths multiply the same numbers (see {@link Q8Activations}); they differ in summation order only, so
 * results agree to float rounding, and each path is bit-reproducible on its own.
 */
public final class Kernels {
    /** The system property that sets the default mode. */
    public static final String PROPERTY = "jseek.kernels";

    /** The choices. */
    public enum Mode {
        /** Native where the library loaded and the CPU qualifies, else Java. */
        AUTO,
        /** Java only. */
        JAVA,
        /** Native, or an error where it cannot run. */
        NATIVE
    }

    private static volatile Mode mode = parse(System.getProperty(PROPERTY, "auto"), "-D" + PROPERTY);

    private Kernels() {
    }

    /** Parses {@code auto|java|native}; {@code source} names the flag or property in the error. */
    public static Mode parse(String value, String source) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> Mode.AUTO;
            case "java" -> Mode.JAVA;
            case "native" -> Mode.NATIVE;
            default -> throw new IllegalArgumentException(source + " must be auto, java or native, got '" + value
                    + "'");
        };
    }

    /**
     * Selects the kernels for this JVM.
     *
     * @throws IllegalStateException for {@link Mode#NATIVE} where the native kernels cannot run (the message says why)
     */
    public static void select(Mode m) {
        if (m == Mode.NATIVE && !NativeKernels.available()) {
            throw new IllegalStateException("--kernels native: " + NativeKernels.status());
        }
        mode = m;
    }

    /** The selected mode. */
    public static Mode mode() {
        return mode;
    }

    /** Whether the native kernels are in use (selected or chosen by {@link Mode#AUTO}, and loaded). */
    public static boolean nativeActive() {
        return mode != Mode.JAVA && NativeKernels.available();
    }

    /** Whether weights of {@code type} are multiplied by the native kernels. */
    public static boolean nativeFor(GgmlType type) {
        return nativeActive() && NativeKernels.supports(type.id());
    }

    /** One line for {@code info} and {@code bench}: which kernels run, and why. */
    public static String describe() {
        if (mode == Mode.JAVA) {
            return "java (selected; " + VectorWidth.DEFAULT + ")";
        }
        if (NativeKernels.available()) {
            return "native " + NativeKernels.isa() + " for Q4_0/Q5_0/Q8_0/Q4_K/Q6_K, java (" + VectorWidth.DEFAULT
                    + ") for the rest";
        }
        return "java (" + VectorWidth.DEFAULT + "; native unavailable: " + NativeKernels.status() + ")";
    }
}
