package io.jseek.tensor;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One hidden, cached copy of each kernel class per width (and format, where it has several); none for scalar. */
class SpecializerTest {
    @Test
    void oneHiddenCopyPerWidth() {
        RowKernel k128 = Specializer.kernel(Q8_0Kernel.class, VectorWidth.of(128));
        RowKernel k512 = Specializer.kernel(Q8_0Kernel.class, VectorWidth.of(512));
        assertTrue(k128.getClass().isHidden());
        assertNotSame(k128.getClass(), k512.getClass());
        assertSame(k128, Specializer.kernel(Q8_0Kernel.class, VectorWidth.of(128)));
        assertThrows(IllegalArgumentException.class, () -> Specializer.kernel(Q8_0Kernel.class, VectorWidth.SCALAR));
    }

    @Test
    void oneHiddenCopyPerWidthAndFormat() {
        VectorWidth w = VectorWidth.of(256);
        RowKernel f16 = Specializer.kernel(FloatElementKernel.class, w, GgmlType.F16);
        RowKernel bf16 = Specializer.kernel(FloatElementKernel.class, w, GgmlType.BF16);
        assertTrue(f16.getClass().isHidden());
        assertNotSame(f16.getClass(), bf16.getClass());
        assertSame(f16, Specializer.kernel(FloatElementKernel.class, w, GgmlType.F16));
        assertNotSame(f16, Specializer.kernel(FloatElementKernel.class, VectorWidth.of(128), GgmlType.F16));
    }
}
