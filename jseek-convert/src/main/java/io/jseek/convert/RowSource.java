package io.jseek.convert;

import io.jseek.convert.safetensors.ElementDecoder;
import io.jseek.convert.safetensors.SafeTensor;
import io.jseek.convert.safetensors.SafetensorsFormatException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The values of one output tensor as f32 rows, produced on demand from the mapped checkpoint so that a tensor never
 * needs to be in memory whole. Rows are GGUF rows: {@code rowLength} is ne0. Sources compose: a row remap (the llama
 * rotary permutation, a slice of kv_b), a stack (experts) or a transpose of head blocks (k_b).
 */
interface RowSource {
    long rows();

    int rowLength();

    /** Writes row {@code r} into {@code dst[0 .. rowLength)}. */
    void row(long r, float[] dst);

    /** A tensor read as rows of {@code rowLength} elements (its innermost dimension unless regrouped). */
    static RowSource of(SafeTensor t, int rowLength) {
        long rows = t.elementCount() / rowLength;
        return new RowSource() {
            @Override
            public long rows() {
                return rows;
            }

            @Override
            public int rowLength() {
                return rowLength;
            }

            @Override
            public void row(long r, float[] dst) {
                try {
                    ElementDecoder.decode(t, r * rowLength, dst, 0, rowLength);
                } catch (SafetensorsFormatException e) {
                    throw new UncheckedIOException(e); // the plan checks dtypes first, so this does not happen
                }
            }
        };
    }

    /** Values already in memory (generated tensors), as one row. */
    static RowSource of(float[] values) {
        return new RowSource() {
            @Override
            public long rows() {
                return 1;
            }

            @Override
            public int rowLength() {
                return values.length;
            }

            @Override
            public void row(long r, float[] dst) {
                System.arraycopy(values, 0, dst, 0, values.length);
            }
        };
    }

    /** Rows {@code 0 .. rows)} of this source taken at {@code map(r)}. */
    default RowSource remap(long rows, LongUnaryOperator map) {
        RowSource base = this;
        return new RowSource() {
            @Override
            public long rows() {
                return rows;
            }

            @Override
            public int rowLength() {
                return base.rowLength();
            }

            @Override
            public void row(long r, float[] dst) {
                base.row(map.applyAsLong(r), dst);
            }
        };
    }

    /** The sources one after another (stacked experts: expert e's rows follow expert e-1's). */
    static RowSource stack(List<RowSource> parts) {
        long each = parts.getFirst().rows();
        return new RowSource() {
            @Override
            public long rows() {
                return each * parts.size();
            }

            @Override
            public int rowLength() {
                return parts.getFirst().rowLength();
            }

            @Override
            public void row(long r, float[] dst) {
                parts.get((int) (r / each)).row(r % each, dst);
            }
        };
    }
}
