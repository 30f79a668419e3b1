package io.jseek.model.random;

import io.jseek.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Random quantized blocks written directly, without quantizing floats: quant bytes are uniformly random and only the
 * F16 scale fields are set, to values that give the dequantized weights roughly the wanted standard deviation. This
 * is what makes a 2 GB benchmark model take seconds instead of minutes, and it is enough for a benchmark: the kernels
 * do the same work whatever the weights are, and sane scales keep activations finite.
 *
 * <p>Scale divisors are the standard deviation of one block's dequantized values per unit of its super scale:
 * Q4_0 {@code q-8} (4.6), Q5_0 {@code q-16} (9.2), Q8_0 a random signed byte (74); Q4_K {@code sc·q - m·dmin} with
 * 6-bit {@code sc}, {@code m} and {@code dmin = 7.5·d} (about 240); Q6_K {@code sc·(q-32)} with a signed byte
 * {@code sc} (about 1365).
 */
final class RandomBlocks {
    private RandomBlocks() {
    }

    /** Fills {@code out} from its position to its limit (whole blocks) with random {@code type} blocks. */
    static void fill(GgmlType type, ByteBuffer out, SplittableRandom random, float std) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        int start = out.position();
        int end = out.limit();
        switch (type) {
            case F32 -> floats(out, random, std);
            case F16 -> halves(out, random, std);
            default -> {
                randomBytes(out, random);
                scales(type, out, start, end, std);
            }
        }
        out.position(end);
    }

    private static void randomBytes(ByteBuffer out, SplittableRandom random) {
        while (out.remaining() >= Long.BYTES) {
            out.putLong(random.nextLong());
        }
        while (out.hasRemaining()) {
            out.put((byte) random.nextInt());
        }
    }

    private static void scales(GgmlType type, ByteBuffer out, int start, int end, float std) {
        int size = type.typeSize();
        if ((end - start) % size != 0) {
            throw new IllegalArgumentException((end - start) + " bytes are not whole " + type + " blocks");
        }
        switch (type) {
            case Q4_0 -> forEachBlock(out, start, end, size, 0, half(std / 4.6f));
            case Q5_0 -> forEachBlock(out, start, end, size, 0, half(std / 9.2f));
            case Q8_0 -> forEachBlock(out, start, end, size, 0, half(std / 74f));
            case Q4_K -> {
                float d = std / 240f;
                forEachBlock(out, start, end, size, 0, half(d));
                forEachBlock(out, start, end, size, 2, half(7.5f * d));
            }
            case Q6_K -> forEachBlock(out, start, end, size, 208, half(std / 1365f));
            default -> throw new IllegalArgumentException("no random blocks for " + type);
        }
    }

    private static void forEachBlock(ByteBuffer out, int start, int end, int size, int offset, short value) {
        for (int at = start + offset; at < end; at += size) {
            out.putShort(at, value);
        }
    }

    private static short half(float v) {
        short h = Float.floatToFloat16(v);
        return h == 0 ? 1 : h; // the smallest subnormal rather than all-zero weights
    }

    private static void floats(ByteBuffer out, SplittableRandom random, float std) {
        float halfWidth = std * (float) Math.sqrt(3.0);
        while (out.remaining() >= Float.BYTES) {
            out.putFloat(halfWidth * (float) (2 * random.nextDouble() - 1));
        }
    }

    private static void halves(ByteBuffer out, SplittableRandom random, float std) {
        float halfWidth = std * (float) Math.sqrt(3.0);
        while (out.remaining() >= Short.BYTES) {
            out.putShort(Float.floatToFloat16(halfWidth * (float) (2 * random.nextDouble() - 1)));
        }
    }
}
