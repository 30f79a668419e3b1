package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The factory, argument checks and width selection. */
class TensorsTest {

    @Test
    void factoryGivesOneClassPerType() {
        for (GgmlType type : TestData.TYPES) {
            FloatTensor t = Tensors.of(type, MemorySegment.ofArray(new byte[(int) type.byteSize(256)]), 256);
            assertEquals(type, t.type());
            assertEquals(256, t.size());
            assertTrue(type.computable());
        }
        assertInstanceOf(Q4KTensor.class, Tensors.of(GgmlType.Q4_K, MemorySegment.ofArray(new byte[144]), 256));
    }

    @Test
    void typesWithoutKernelsFailClearly() {
        UnsupportedTypeException e = assertThrows(UnsupportedTypeException.class,
                () -> Tensors.of(GgmlType.IQ2_XXS, MemorySegment.ofArray(new byte[66]), 256));
        assertTrue(e.getMessage().contains("IQ2_XXS"), e.getMessage());
        assertThrows(UnsupportedTypeException.class, () -> Quantizers.quantize(GgmlType.Q3_K, new float[256]));
    }

    @Test
    void shortSegmentsAndPartialBlocksAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Tensors.of(GgmlType.Q8_0, MemorySegment.ofArray(new byte[33]), 32));
        assertThrows(IllegalArgumentException.class,
                () -> Tensors.of(GgmlType.Q8_0, MemorySegment.ofArray(new byte[68]), 48));
        FloatTensor t = Tensors.of(GgmlType.Q8_0, MemorySegment.ofArray(new byte[68]), 64);
        assertThrows(IllegalArgumentException.class, () -> t.dot(16, new float[64], 0, 32));
        assertThrows(IndexOutOfBoundsException.class, () -> t.dot(32, new float[64], 0, 64));
    }

    @Test
    void widthSelection() {
        assertEquals(VectorWidth.SCALAR, VectorWidth.fromProperty("0"));
        assertEquals(256, VectorWidth.fromProperty(" 256 ").bits());
        assertEquals(8, VectorWidth.of(256).floats().length());
        assertEquals(16, VectorWidth.of(128).bytes().length() * 2);
        assertThrows(IllegalArgumentException.class, () -> VectorWidth.fromProperty("384"));
        assertThrows(IllegalArgumentException.class, () -> VectorWidth.fromProperty("wide"));
        assertTrue(VectorWidth.fromProperty(null).bits() <= 512);
    }
}
