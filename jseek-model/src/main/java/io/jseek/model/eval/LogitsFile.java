package io.jseek.model.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The base model's next-token distributions at every scored position of a perplexity run ({@code jseek perplexity
 * --save-logits}), read back by {@code --kl-base} to measure another model (a quantized file, another cache type)
 * against it. Little-endian:
 * <pre>
 *   header (32 bytes): "JSKLOGIT", int32 version (1), int32 vocab, int32 ctx, int32 chunks,
 *                      int64 FNV-1a hash of the chunks·ctx tokens evaluated (int32 little-endian each)
 *   chunks · (ctx - ctx/2 - 1) records, chunk by chunk, position by position:
 *     float32 floor, float32 step, int32 top token, float32 NLL of the next token, uint16 code[vocab]
 * </pre>
 * A code is 0 for a log-probability below {@code floor} (at most {@value #RANGE} nats under the top one: a token at
 * least e^24 times less likely than the favourite, left out of the divergence), else the log-probability is
 * {@code floor + (code - 1) · step}: 65534 steps between the floor and the top log-probability, within 1.9e-4 nats,
 * 2 bytes per vocabulary entry. The top token and the next token's negative log-likelihood are stored exactly, for
 * the top-token agreement and the base's perplexity.
 */
public final class LogitsFile {
    static final byte[] MAGIC = "JSKLOGIT".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_BYTES = 32;
    /** Nats below the top log-probability that the codes cover. */
    static final double RANGE = 24;
    private static final int LEVELS = 65534;

    /** What the header says. */
    public record Header(int vocab, int ctx, int chunks, long tokensHash) {
    }

    private LogitsFile() {
    }

    /** Bytes of one position's record. */
    static int recordBytes(int vocab) {
        return 16 + 2 * vocab;
    }

    /** FNV-1a (64 bit) of {@code tokens[0 .. n)}, each as four little-endian bytes. */
    public static long hash(int[] tokens, int n) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < n; i++) {
            int t = tokens[i];
            for (int b = 0; b < 4; b++) {
                h ^= (t >>> (8 * b)) & 0xff;
                h *= 0x100000001b3L;
            }
        }
        return h;
    }

    /** Writes a file: the header first, then {@link #write} once per scored position, in order. */
    public static final class Writer implements AutoCloseable {
        private final FileChannel channel;
        private final ByteBuffer record;
        private final int vocab;

        public Writer(Path file, Header header) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            this.vocab = header.vocab();
            this.record = ByteBuffer.allocate(recordBytes(vocab)).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            h.put(MAGIC).putInt(VERSION).putInt(header.vocab()).putInt(header.ctx()).putInt(header.chunks())
                    .putLong(header.tokensHash()).flip();
            writeFully(h);
        }

        /**
         * Encodes one position's distribution from its logits {@code logits[offset .. offset + vocab)}, followed
         * by token {@code next}.
         */
        public void write(float[] logits, int offset, int next) throws IOException {
            double lse = LogSoftmax.logSumExp(logits, offset, vocab);
            int top = LogSoftmax.argmax(logits, offset, vocab);
            float min = Float.POSITIVE_INFINITY;
            for (int i = offset; i < offset + vocab; i++) {
                min = Math.min(min, logits[i]);
            }
            double topLp = logits[offset + top] - lse;
            float floor = (float) Math.max(min - lse, topLp - RANGE);
            float step = (float) ((topLp - floor) / LEVELS);
            record.clear();
            record.putFloat(floor).putFloat(step).putInt(top).putFloat((float) (lse - logits[offset + next]));
            for (int i = offset; i < offset + vocab; i++) {
                double lp = logits[i] - lse;
                int code;
                if (lp < floor) {
                    code = 0;
                } else {
                    code = step > 0 ? 1 + (int) Math.min(LEVELS, Math.rint((lp - floor) / step)) : 1;
                }
                record.putShort((short) code);
            }
            record.flip();
            writeFully(record);
        }

        private void writeFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Reads a file's records in order; {@link #next} decodes one position. */
    public static final class Reader implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final Header header;
        private final ByteBuffer record;

        public Reader(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                readFully(h, "header");
                byte[] magic = new byte[MAGIC.length];
                h.get(magic);
                if (!java.util.Arrays.equals(magic, MAGIC)) {
                    throw new IOException(file + ": not a jseek logits file (written by perplexity --save-logits)");
                }
                int version = h.getInt();
                if (version != VERSION) {
                    throw new IOException(file + ": logits file version " + version + ", this jseek reads "
                            + VERSION);
                }
                this.header = new Header(h.getInt(), h.getInt(), h.getInt(), h.getLong());
                long expected = HEADER_BYTES + (long) header.chunks() * ChunkedEvaluator.scoredPerChunk(header.ctx())
                        * recordBytes(header.vocab());
                if (header.vocab() < 1 || header.ctx() < 4 || header.chunks() < 1 || channel.size() != expected) {
                    throw new IOException(file + ": truncated or corrupt logits file (" + channel.size()
                            + " bytes, the header implies " + expected + ")");
                }
                this.record = ByteBuffer.allocate(recordBytes(header.vocab())).order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        public Header header() {
            return header;
        }

        /** One position as stored: the base's top token and the next token's negative log-likelihood. */
        public record Position(int top, double nll) {
        }

        /**
         * The next position's log-probabilities into {@code logProbs[0 .. vocab)} ({@code NEGATIVE_INFINITY} for
         * the codes below the floor).
         */
        public Position next(double[] logProbs) throws IOException {
            record.clear();
            readFully(record, "record");
            float floor = record.getFloat();
            float step = record.getFloat();
            int top = record.getInt();
            float nll = record.getFloat();
            for (int i = 0; i < header.vocab(); i++) {
                int code = Short.toUnsignedInt(record.getShort());
                logProbs[i] = code == 0 ? Double.NEGATIVE_INFINITY : floor + (double) (code - 1) * step;
            }
            return new Position(top, nll);
        }

        private void readFully(ByteBuffer b, String what) throws IOException {
            while (b.hasRemaining()) {
                if (channel.read(b) < 0) {
                    throw new IOException(file + ": truncated logits file (in a " + what + ")");
                }
            }
            b.flip();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
