package io.jseek.cpu;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The native int8 kernels (src/main/c), loaded once through FFM: quantized weight rows times activations quantized
 * to int8 blocks (Q8_0 for Q4_0/Q5_0/Q8_0 weights, Q8_K for Q4_K/Q6_K), for a range of rows and a batch of tokens.
 *
 * <p>The library is optional. It is missing where the build had no C compiler or for another OS or CPU, and unused
 * where the CPU lacks AVX2; {@link #available()} then says false and {@link #status()} why, and callers use the Java
 * kernels. The instruction set is the best the CPU has, or the one the system property {@code jseek.native.isa}
 * ({@code avx2} or {@code avx512-vnni}) forces, so that one machine can test every copy.
 *
 * <p>Native code must never take the JVM down: {@link #matMul} checks every shape, offset and length before the
 * downcall. The calls are {@linkplain Linker.Option#critical critical} (no thread-state transition; heap arrays
 * passed directly), which is right for calls of microseconds to a few milliseconds; callers split big products.
 */
public final class NativeKernels {
    /** Ggml type ids of the weight formats with a kernel. */
    public static final int Q4_0 = 2;
    public static final int Q5_0 = 6;
    public static final int Q8_0 = 8;
    public static final int Q4_K = 12;
    public static final int Q6_K = 14;

    private static final int ABI_VERSION = 1;
    private static final String RESOURCE = "/io/jseek/cpu/linux-x86_64/libjseek-kernels.so";
    private static final Loaded LOADED = load();

    private NativeKernels() {
    }

    private record Loaded(MethodHandle matMul, String isa, String status, Map<String, MethodHandle> all) {
        static Loaded unavailable(String why) {
            return new Loaded(null, null, why, Map.of());
        }
    }

    /** Whether the native kernels loaded and this CPU runs them. */
    public static boolean available() {
        return LOADED.matMul != null;
    }

    /** The instruction set in use ({@code avx2}, {@code avx512-vnni}) or, when unavailable, why (one line). */
    public static String status() {
        return LOADED.status;
    }

    /** The instruction set in use, or {@code null} when unavailable. */
    public static String isa() {
        return LOADED.isa;
    }

    /** Every instruction set this CPU runs the kernels with (for tests that compare them); empty when unavailable. */
    public static Set<String> isas() {
        return LOADED.all.keySet();
    }

    /** Whether the weight type with ggml id {@code type} has a native kernel. */
    public static boolean supports(int type) {
        return type == Q4_0 || type == Q5_0 || type == Q8_0 || type == Q4_K || type == Q6_K;
    }

    /** Values per activation block for weights of {@code type}: 32 (Q8_0) or 256 (Q8_K). */
    public static int activationBlock(int type) {
        return type == Q4_K || type == Q6_K ? 256 : 32;
    }

    /** Values per weight block and bytes per block of {@code type}. */
    private static int weightBlock(int type) {
        return activationBlock(type);
    }

    private static int blockBytes(int type) {
        return switch (type) {
            case Q4_0 -> 18;
            case Q5_0 -> 22;
            case Q8_0 -> 34;
            case Q4_K -> 144;
            case Q6_K -> 210;
            default -> throw new IllegalArgumentException("no native kernel for ggml type " + type);
        };
    }

    /**
     * {@code out[outOffset + t * outStride + r] = row r · token t} for {@code r < rows}, {@code t < tokens}, where row
     * {@code r} is the {@code cols} weights of ggml type {@code type} at byte {@code wOffset + r * rowBytes} of
     * {@code w}, and token {@code t} is {@code xq[t * cols ..]} scaled per activation block by {@code xd[t * cols /
     * block ..]}, with the sums of its quantized values per 32 ({@code bsums[t * cols / 32 ..]}, for Q4_0, Q5_0,
     * Q8_0) or per 16 ({@code bsums[t * cols / 16 ..]}, for Q4_K, Q6_K).
     *
     * @throws IllegalStateException when the kernels are unavailable
     * @throws IllegalArgumentException or IndexOutOfBoundsException when a shape or bound is wrong
     */
    public static void matMul(int type, MemorySegment w, long wOffset, int rows, int cols, byte[] xq, float[] xd,
                              short[] bsums, int tokens, float[] out, int outOffset, int outStride) {
        if (LOADED.matMul == null) {
            throw new IllegalStateException("native kernels unavailable: " + LOADED.status);
        }
        matMul(LOADED.matMul, type, w, wOffset, rows, cols, xq, xd, bsums, tokens, out, outOffset, outStride);
    }

    /** As {@link #matMul(int, MemorySegment, long, int, int, byte[], float[], short[], int, float[], int, int)} with
     *  the copy of instruction set {@code isa} (one of {@link #isas()}). */
    public static void matMul(String isa, int type, MemorySegment w, long wOffset, int rows, int cols, byte[] xq,
                              float[] xd, short[] bsums, int tokens, float[] out, int outOffset, int outStride) {
        MethodHandle h = LOADED.all.get(isa);
        if (h == null) {
            throw new IllegalArgumentException("no native kernels for " + isa + " on this CPU: " + LOADED.status);
        }
        matMul(h, type, w, wOffset, rows, cols, xq, xd, bsums, tokens, out, outOffset, outStride);
    }

    private static void matMul(MethodHandle h, int type, MemorySegment w, long wOffset, int rows, int cols, byte[] xq,
                               float[] xd, short[] bsums, int tokens, float[] out, int outOffset, int outStride) {
        int qk = weightBlock(type);
        long rowBytes = (long) (cols / qk) * blockBytes(type);
        if (rows < 0 || tokens < 0 || cols <= 0 || cols % qk != 0) {
            throw new IllegalArgumentException("bad shape: " + rows + " rows of " + cols + " columns (blocks of " + qk
                    + "), " + tokens + " tokens");
        }
        if (rows == 0 || tokens == 0) {
            return;
        }
        if (outStride < rows && tokens > 1) {
            throw new IllegalArgumentException("output stride " + outStride + " shorter than " + rows + " rows");
        }
        Objects.checkFromIndexSize(wOffset, Math.multiplyExact(rowBytes, rows), w.byteSize());
        Objects.checkFromIndexSize(0, Math.multiplyExact((long) tokens, cols), xq.length);
        Objects.checkFromIndexSize(0, (long) tokens * (cols / activationBlock(type)), xd.length);
        Objects.checkFromIndexSize(0, (long) tokens * (cols / (activationBlock(type) == 256 ? 16 : 32)),
                bsums.length);
        Objects.checkFromIndexSize(outOffset, (long) (tokens - 1) * outStride + rows, out.length);
        try {
            h.invokeExact(type, w, wOffset, rowBytes, (long) rows, (long) cols, MemorySegment.ofArray(xq),
                    MemorySegment.ofArray(xd), MemorySegment.ofArray(bsums), (long) tokens,
                    MemorySegment.ofArray(out), (long) outOffset, (long) outStride);
        } catch (Throwable e) {
            throw new IllegalStateException("native kernel call failed", e);
        }
    }

    private static Loaded load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Loaded.unavailable("no native kernels for " + os + "/" + arch);
        }
        Path lib;
        try {
            lib = extract();
        } catch (IOException e) {
            return Loaded.unavailable("cannot unpack the native kernel library: " + e.getMessage());
        }
        if (lib == null) {
            return Loaded.unavailable("this build has no native kernel library (no C compiler at build time)");
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup symbols = SymbolLookup.libraryLookup(lib, Arena.global());
            MethodHandle version = linker.downcallHandle(symbols.findOrThrow("jseek_abi_version"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
            int v = (int) version.invokeExact();
            if (v != ABI_VERSION) {
                return Loaded.unavailable("native kernel library has contract version " + v + ", expected "
                        + ABI_VERSION);
            }
            MethodHandle capsHandle = linker.downcallHandle(symbols.findOrThrow("jseek_caps"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
            int caps = (int) capsHandle.invokeExact();
            String isa = chooseIsa(caps, System.getProperty("jseek.native.isa", ""));
            if (isa == null) {
                return Loaded.unavailable("this CPU lacks AVX2 and FMA");
            }
            Map<String, MethodHandle> all = new LinkedHashMap<>();
            if ((caps & 1) != 0) {
                all.put("avx2", matMulHandle(linker, symbols, "jseek_matmul_avx2"));
            }
            if ((caps & 2) != 0) {
                all.put("avx512-vnni", matMulHandle(linker, symbols, "jseek_matmul_vnni"));
            }
            return new Loaded(all.get(isa), isa, isa, Collections.unmodifiableMap(all));
        } catch (IllegalArgumentException e) {
            return Loaded.unavailable(e.getMessage());
        } catch (Throwable e) {
            return Loaded.unavailable("cannot load the native kernel library: " + e);
        }
    }

    private static MethodHandle matMulHandle(Linker linker, SymbolLookup symbols, String name) {
        return linker.downcallHandle(symbols.findOrThrow(name),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                Linker.Option.critical(true));
    }

    /** The instruction set to use given the CPU's {@code caps} bits and a forced choice ({@code ""} for the best). */
    static String chooseIsa(int caps, String forced) {
        boolean avx2 = (caps & 1) != 0;
        boolean vnni = (caps & 2) != 0;
        return switch (forced.toLowerCase(Locale.ROOT)) {
            case "" -> vnni ? "avx512-vnni" : avx2 ? "avx2" : null;
            case "avx2" -> avx2 ? "avx2" : null;
            case "avx512-vnni" -> vnni ? "avx512-vnni" : null;
            default -> throw new IllegalArgumentException("jseek.native.isa must be avx2 or avx512-vnni, got "
                    + forced);
        };
    }

    /** The library as a file: the build's own (tests, exploded classpath) or a copy of the jar's resource. */
    private static Path extract() throws IOException {
        var url = NativeKernels.class.getResource(RESOURCE);
        if (url == null) {
            return null;
        }
        if (url.getProtocol().equals("file")) {
            return Path.of(java.net.URI.create(url.toString()));
        }
        Path tmp = Files.createTempFile("jseek-kernels", ".so");
        tmp.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }
}
