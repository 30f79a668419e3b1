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

    /** {@code rows} rows of {@code rowLength} elements, each written by {@code writer}. */
    static RowSource of(long rows, int rowLength, Writer writer) {
        return new Sized(rows, rowLength, writer);
    }

    /** A tensor read as rows of {@code rowLength} elements (its innermost dimension unless regrouped). */
    static RowSource of(SafeTensor t, int rowLength) {
        return of(t.elementCount() / rowLength, rowLength, (r, dst) -> {
            try {
                ElementDecoder.decode(t, r * rowLength, dst, 0, rowLength);
            } catch (SafetensorsFormatException e) {
                throw new UncheckedIOException(e); // the plan checks dtypes first, so this does not happen
            }
        });
    }

    /** Values already in memory (generated tensors), as one row. */
    static RowSource of(float[] values) {
        return of(1, values.length, (r, dst) -> System.arraycopy(values, 0, dst, 0, values.length));
    }

    /** Rows {@code 0 .. rows)} of this source taken at {@code map(r)}. */
    default RowSource remap(long rows, LongUnaryOperator map) {
        return of(rows, rowLength(), (r, dst) -> row(map.applyAsLong(r), dst));
    }

    /** The sources one after another (stacked experts: expert e's rows follow expert e-1's). */
    static RowSource stack(List<RowSource> parts) {
        long each = parts.getFirst().rows();
        return of(each * parts.size(), parts.getFirst().rowLength(),
                (r, dst) -> parts.get((int) (r / each)).row(r % each, dst));
    }

    /** Writes row {@code r} into {@code dst[0 .. rowLength)}: what tells one source from another. */
    @FunctionalInterface
    interface Writer {
        void row(long r, float[] dst);
    }

    /** A source given by its size and its row writer. */
    record Sized(long rows, int rowLength, Writer writer) implements RowSource {
        @Override
        public void row(long r, float[] dst) {
            writer.row(r, dst);
        }
    }
}
