package io.jseek.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Byte-level BPE tokenizer of the DeepSeek family, compatible with llama.cpp's {@code llama_tokenize} /
 * {@code llama_detokenize} for {@code tokenizer.ggml.model = "gpt2"} vocabularies. Obtain one from
 * {@link Tokenizers}.
 *
 * <p>Encoding pipeline (../shared/docs/deepseek-spec.md §4.4–4.5): special/user-defined token texts are split out first
 * ({@link SpecialTokenMatcher}); each remaining fragment is NFC-normalized when the tokenizer says so (only Hugging
 * Face files do; GGUF files never), cut into chunks by the pre-tokenizer regexes ({@link PreTokenizer}), and each
 * chunk's UTF-8 bytes are merged by rank ({@link BpeEncoder}); chunk results are memoized in a bounded
 * {@link WordCache}.
 *
 * <p>Immutable apart from that cache, and safe for concurrent use by several threads.
 */
public final class Tokenizer {
    private static final int CACHE_CAPACITY = 1 << 15;
    private static final int CACHE_MAX_CHUNK = 64;

    private final Vocabulary vocabulary;
    private final SpecialTokens specials;
    private final SpecialTokenMatcher specialMatcher;
    private final PreTokenizer preTokenizer;
    private final BpeEncoder bpe;
    private final WordCache cache = new WordCache(CACHE_CAPACITY, CACHE_MAX_CHUNK);
    private final String preTokenizerName;
    private final boolean ignoreMerges;
    private final boolean nfc;
    private final boolean addBos;
    private final boolean addEos;

    Tokenizer(TokenizerDefinition definition) {
        vocabulary = new Vocabulary(definition.tokens(), definition.types());
        specials = new SpecialTokens(definition.specialIds(), vocabulary);
        specialMatcher = new SpecialTokenMatcher(vocabulary.texts(), vocabulary.types());
        preTokenizer = new PreTokenizer(definition.regexes());
        bpe = new BpeEncoder(vocabulary.idsByText(), vocabulary.size(), definition.mergeLeft(),
                definition.mergeRight());
        preTokenizerName = definition.preTokenizerName();
        ignoreMerges = definition.ignoreMerges();
        nfc = definition.nfc();
        addBos = definition.addBos();
        addEos = definition.addEos();
    }

    /**
     * Encodes text to token ids.
     *
     * @param text the text; any string, including the empty one
     * @param addBos prepend the BOS token
     * @param parseSpecial turn control-token text (such as {@code <｜Assistant｜>}) into control tokens. Pass
     *     {@code false} for text that comes from users: it then never yields a control token. User-defined tokens
     *     are matched either way, as in llama.cpp.
     * @throws IllegalStateException if {@code addBos} is requested but the vocabulary has no BOS token
     */
    public int[] encode(String text, boolean addBos, boolean parseSpecial) {
        Objects.requireNonNull(text, "text");
        IntList out = new IntList(text.length() / 3 + 4);
        if (addBos) {
            out.add(specials.get(SpecialRole.BOS).orElseThrow(
                    () -> new IllegalStateException("this vocabulary has no BOS token")));
        }
        IntList fragments = new IntList(8);
        specialMatcher.partition(text, parseSpecial, fragments);
        Session session = new Session();
        for (int i = 0; i < fragments.size(); i += 3) {
            int token = fragments.get(i);
            if (token >= 0) {
                out.add(token);
            } else {
                encodeText(text, fragments.get(i + 1), fragments.get(i + 2), session, out);
            }
        }
        return out.toArray();
    }

    /** Per-call scratch state, so that the tokenizer itself stays immutable and thread-safe. */
    private static final class Session {
        final IntList cuts = new IntList(256);
        final IntList scratch = new IntList(256);
        final IntList chunkIds = new IntList(16);
        final BpeEncoder.Workspace workspace = new BpeEncoder.Workspace();
    }

    private void encodeText(String text, int start, int end, Session session, IntList out) {
        String source = text;
        if (nfc) {
            source = Normalizer.normalize(text.substring(start, end), Normalizer.Form.NFC);
            start = 0;
            end = source.length();
        }
        preTokenizer.split(source, start, end, session.cuts, session.scratch);
        IntList cuts = session.cuts;
        for (int i = 0; i + 1 < cuts.size(); i++) {
            encodeChunk(source, cuts.get(i), cuts.get(i + 1), session, out);
        }
    }

    private void encodeChunk(String text, int start, int end, Session session, IntList out) {
        if (!cache.accepts(end - start)) {
            out.addAll(mergeChunk(text.substring(start, end), session));
            return;
        }
        int hash = WordCache.hash(text, start, end);
        int[] ids = cache.get(text, start, end, hash);
        if (ids == null) {
            String chunk = text.substring(start, end);
            ids = mergeChunk(chunk, session);
            cache.put(chunk, hash, ids);
        }
        out.addAll(ids);
    }

    private int[] mergeChunk(String chunk, Session session) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        if (ignoreMerges) {
            OptionalInt whole = vocabulary.find(ByteLevel.encode(bytes, bytes.length));
            if (whole.isPresent()) {
                return new int[] {whole.getAsInt()};
            }
        }
        session.chunkIds.clear();
        bpe.encode(bytes, bytes.length, session.workspace, session.chunkIds);
        return session.chunkIds.toArray();
    }

    /** Decodes ids to text without rendering control tokens; invalid UTF-8 becomes U+FFFD. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * Decodes ids to text.
     *
     * @param renderSpecial include the text of control tokens (otherwise they decode to nothing)
     */
    public String decode(int[] ids, boolean renderSpecial) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            bytes.writeBytes(piece(id, renderSpecial));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A fresh incremental decoder for generated tokens (one per generation stream). */
    public TokenStreamDecoder streamDecoder(boolean renderSpecial) {
        return new TokenStreamDecoder(this, renderSpecial);
    }

    /** The bytes token {@code id} decodes to (empty for control tokens unless rendered). */
    byte[] piece(int id, boolean renderSpecial) {
        if (!renderSpecial && vocabulary.type(id) == TokenType.CONTROL) {
            return new byte[0];
        }
        return vocabulary.piece(id);
    }

    /**
     * The exact bytes token {@code id} stands for (control tokens: their text), even when they end inside a UTF-8
     * sequence, which text decoding would replace by U+FFFD: what a byte-level constraint (JSON mode) matches.
     */
    public byte[] tokenBytes(int id) {
        return vocabulary.piece(id).clone();
    }

    /** The token's text as stored in the vocabulary (NORMAL tokens in GPT-2 byte-level form, e.g. "Ġthe"). */
    public String tokenText(int id) {
        return vocabulary.text(id);
    }

    /** The id of the token whose stored text is exactly {@code text}. */
    public OptionalInt tokenId(String text) {
        return vocabulary.find(text);
    }

    /** Effective type of the token (user-defined tokens that look special count as control, see Vocabulary). */
    public TokenType tokenType(int id) {
        return vocabulary.type(id);
    }

    public boolean isControl(int id) {
        return vocabulary.type(id) == TokenType.CONTROL;
    }

    /** Whether generation should stop at this token: EOS, EOT, FIM pad/repo/separator and similar. */
    public boolean isEndOfGeneration(int id) {
        return specials.isEndOfGeneration(id);
    }

    /** The end-of-generation tokens ({@link #isEndOfGeneration}), lowest first. */
    public int[] endOfGenerationIds() {
        return IntStream.range(0, vocabularySize()).filter(this::isEndOfGeneration).toArray();
    }

    public int vocabularySize() {
        return vocabulary.size();
    }

    /** BOS token id, or -1 when the vocabulary has none. */
    public int bosId() {
        return specials.get(SpecialRole.BOS).orElse(-1);
    }

    /** EOS token id, or -1 when the vocabulary has none. */
    public int eosId() {
        return specials.get(SpecialRole.EOS).orElse(-1);
    }

    public OptionalInt specialId(SpecialRole role) {
        return specials.get(role);
    }

    /** The model's own choice of prepending BOS ({@code add_bos_token}); callers pass it to {@link #encode}. */
    public boolean addBosByDefault() {
        return addBos;
    }

    /** The model's own choice of appending EOS ({@code add_eos_token}). */
    public boolean addEosByDefault() {
        return addEos;
    }

    /** Pre-tokenizer name ({@code tokenizer.ggml.pre} value, or "huggingface" for tokenizer.json files). */
    public String preTokenizer() {
        return preTokenizerName;
    }

    /** Whether input text is NFC-normalized before tokenization (Hugging Face normalizer; never for GGUF). */
    public boolean normalizesNfc() {
        return nfc;
    }

    /** Number of merge rules in use (distinct pairs). */
    public int mergeCount() {
        return bpe.mergeCount();
    }

    @Override
    public String toString() {
        return "Tokenizer[pre=" + preTokenizerName + ", vocabulary=" + vocabulary.size() + ", merges="
                + bpe.mergeCount() + ", nfc=" + nfc + "]";
    }
}
