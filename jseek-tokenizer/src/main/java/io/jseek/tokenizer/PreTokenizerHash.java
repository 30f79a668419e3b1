package io.jseek.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * llama.cpp's way of naming a Hugging Face tokenizer's pre-tokenizer ({@code get_vocab_base_pre},
 * ../shared/docs/hf-checkpoints.md §4.3): encode a fixed text with the tokenizer's default special tokens, hash
 * Python's {@code str()} of the id list with SHA-256, and look the hash up. Only the vocabularies of the DeepSeek
 * family and its distills are listed.
 */
final class PreTokenizerHash {
    /** Hash → {@code tokenizer.ggml.pre}, from llama.cpp's converter; the last one is recomputed here (see docs). */
    private static final Map<String, String> KNOWN = Map.of(
            "0ef9807a4087ebef797fc749390439009c3b9eda9ad1a097abbe738f486c01e5", "llama-bpe",
            "049ecf7629871e3041641907f3de7c733e4dbfdc736f57d882ba0b0845599754", "deepseek-llm",
            "347715f544604f9118bb75ed199f68779f423cabb20db6de6f31b908d04d7821", "deepseek-coder",
            "877081d19cf6996e2c4ff0e1236341e9b7bde288f5311a56a937f0afbbb3aeb5", "deepseek-v3",
            "e636dc30a262dcc0d8c323492e32ae2b70728f4df7dfe9737d9f920a282b8aea", "qwen2",
            "b3f499bb4255f8ca19fccd664443283318f2fd2414d5e0b040fbdd0cc195d6c5", "deepseek-r1-qwen",
            "d4540891389ea895b53b399da6ac824becc30f2fba0e9ddbb98f92e55ca0e97c", "qwen2",
            // DeepSeek-R1-0528-Qwen3-8B: Qwen ids with BOS 151643; not in llama.cpp's table, same pre-tokenizer
            "b0f33aec525001c9de427a8f9958d1c8a3956f476bec64403680521281c032e2", "qwen2");

    private PreTokenizerHash() {
    }

    /** The hash of the check text's ids as {@code tokenizer} encodes it by default (BOS/EOS as configured). */
    static String hash(Tokenizer tokenizer) throws IOException {
        int[] ids = tokenizer.encode(checkText(), tokenizer.addBosByDefault(), false);
        StringJoiner python = new StringJoiner(", ", "[", "]");
        for (int id : ids) {
            python.add(Integer.toString(id));
        }
        if (tokenizer.addEosByDefault()) {
            python.add(Integer.toString(tokenizer.eosId()));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(python.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The {@code tokenizer.ggml.pre} name of a hash, if llama.cpp knows it. */
    static Optional<String> name(String hash) {
        return Optional.ofNullable(KNOWN.get(hash));
    }

    private static String checkText() throws IOException {
        try (InputStream in = PreTokenizerHash.class.getResourceAsStream("chkhsh-text.txt")) {
            if (in == null) {
                throw new IOException("resource chkhsh-text.txt is missing from the jseek-tokenizer jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
