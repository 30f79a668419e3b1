package io.jseek.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F16 halves widened to floats, exactly as {@link Float#float16ToFloat} does, at the {@link VectorWidth#DEFAULT}
 * width. Why not the plain loop: C2 vectorises it, but for the short runs a KV cache row gives (a head of 128 values)
 * the unrolled vector loop barely runs and the scalar pre- and post-loops do most of the work. Measured on one decode
 * step's attention over 1,024 positions (12 heads over 2 KV heads of 128, 28 layers' caches, thread CPU time, AMD
 * EPYC): float pages 379-422 us a layer, halves through the plain loop 594-607, through this 403.
 *
 * <p>The lanes: a half's magnitude bits shifted into a float's place and multiplied by 2^112 give its value exactly
 * (normal and subnormal halves alike, as the product is a power-of-two scaling); infinities and NaNs get the all-ones
 * exponent (NaNs also the quiet bit, as the conversion instruction sets it); the sign is put back last.
 */
public final class Halves {
    private static final VectorWidth WIDTH = VectorWidth.DEFAULT;
    private static final VectorSpecies<Short> SHORTS = WIDTH.scalar() ? null : WIDTH.shorts();
    private static final VectorSpecies<Integer> INTS = WIDTH.scalar() ? null : WIDTH.ints();
    private static final int LANES = WIDTH.scalar() ? Integer.MAX_VALUE : INTS.length();
    private static final float SCALE = 0x1p112f;

    private Halves() {
    }

    /** {@code dst[dstOffset + i] = Float.float16ToFloat(src[srcOffset + i])} for {@code i < n}. */
    public static void widen(short[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            IntVector h = (IntVector) ShortVector.fromArray(SHORTS, src, srcOffset + i)
                    .convertShape(VectorOperators.S2I, INTS, 0);
            IntVector magnitude = h.and(0x7fff);
            IntVector bits = magnitude.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(SCALE)
                    .reinterpretAsInts();
            VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7c00);
            VectorMask<Integer> nan = magnitude.compare(VectorOperators.GT, 0x7c00);
            bits = bits.lanewise(VectorOperators.OR, 0x7f800000, special)
                    .lanewise(VectorOperators.OR, 0x00400000, nan)
                    .or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16));
            ((FloatVector) bits.reinterpretAsFloats()).intoArray(dst, dstOffset + i);
        }
        for (; i < n; i++) {
            dst[dstOffset + i] = Float.float16ToFloat(src[srcOffset + i]);
        }
    }
}
