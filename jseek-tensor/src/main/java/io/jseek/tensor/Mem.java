package io.jseek.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes of the fields that ggml blocks are made of.
 *
 * <p>GGUF data is little-endian whatever the host, so the layouts name the byte order explicitly instead of relying on
 * the native order.
 */
final class Mem {
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Mem() {
    }

    /** Unsigned byte at {@code offset}. */
    static int u8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    /** Signed byte at {@code offset}. */
    static int i8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset);
    }

    /** The IEEE binary16 value at {@code offset}, widened exactly to float (subnormals included). */
    static float f16(MemorySegment s, long offset) {
        return Float.float16ToFloat(s.get(SHORT_LE, offset));
    }

    /** The bfloat16 value at {@code offset}: its bits are the upper half of a float. */
    static float bf16(MemorySegment s, long offset) {
        return Float.intBitsToFloat(s.get(SHORT_LE, offset) << 16);
    }

    static int i32(MemorySegment s, long offset) {
        return s.get(INT_LE, offset);
    }

    static float f32(MemorySegment s, long offset) {
        return s.get(FLOAT_LE, offset);
    }

    static void putU8(MemorySegment s, long offset, int value) {
        s.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    static void putF16(MemorySegment s, long offset, float value) {
        s.set(SHORT_LE, offset, Float.floatToFloat16(value));
    }

    static void putI32(MemorySegment s, long offset, int value) {
        s.set(INT_LE, offset, value);
    }

    /** Rounds {@code x} through binary16 and back, as ggml does when it stores a scale as {@code ggml_half}. */
    static float roundF16(float x) {
        return Float.float16ToFloat(Float.floatToFloat16(x));
    }
}
