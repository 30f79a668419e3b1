package io.jseek.convert.safetensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads elements of a floating-point {@link SafeTensor} as f32: F32 and BF16 exactly, F16 by IEEE rules, F64
 * rounded, F8_E4M3 by its table (block scales are applied by the caller). Layouts are unaligned because other writers
 * than the reference one need not align offsets.
 */
public final class ElementDecoder {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ElementDecoder() {
    }

    /**
     * Decodes elements {@code [first, first + n)} of {@code t} into {@code dst[off ..]}.
     *
     * @throws SafetensorsFormatException if the dtype is not a float type jseek converts
     */
    public static void decode(SafeTensor t, long first, float[] dst, int off, int n)
            throws SafetensorsFormatException {
        MemorySegment d = t.data();
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(d, F32, first * 4, dst, off, n);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (float) d.get(F64, (first + i) * 8);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = Float.float16ToFloat(d.get(U16, (first + i) * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = Float.intBitsToFloat((d.get(U16, (first + i) * 2) & 0xFFFF) << 16);
                }
            }
            case F8_E4M3 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = Fp8E4M3.decode(d.get(ValueLayout.JAVA_BYTE, first + i));
                }
            }
            default -> throw new SafetensorsFormatException(t.file(), "tensor '" + t.name() + "' has dtype "
                    + t.dtype() + ", which jseek does not convert (supported: F32, F16, BF16, F64, F8_E4M3)");
        }
    }
}
