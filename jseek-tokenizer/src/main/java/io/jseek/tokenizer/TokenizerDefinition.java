package io.jseek.tokenizer;

import java.util.List;
import java.util.Map;

/**
 * Everything a loader extracts from a model file, in the form {@link Tokenizer} is built from; the single meeting
 * point of the GGUF and Hugging Face loading paths.
 *
 * @param tokens token texts by id (NORMAL tokens in byte-level encoding, others raw)
 * @param types stored token types by id
 * @param mergeLeft left parts of the merge rules, in rank order
 * @param mergeRight right parts of the merge rules, in rank order
 * @param preTokenizerName name reported by {@link Tokenizer#preTokenizer()}
 * @param regexes pre-tokenizer regexes in {@link java.util.regex} syntax
 * @param ignoreMerges emit a chunk that is a whole vocabulary token without merging (Llama 3)
 * @param nfc apply NFC normalization to text before pre-tokenization
 * @param specialIds role assignments declared by the file
 * @param addBos whether the model wants BOS prepended (informational; encode takes an explicit flag)
 * @param addEos whether the model wants EOS appended (informational)
 */
record TokenizerDefinition(String[] tokens, TokenType[] types, String[] mergeLeft, String[] mergeRight,
                           String preTokenizerName, List<String> regexes, boolean ignoreMerges, boolean nfc,
                           Map<SpecialRole, Integer> specialIds, boolean addBos, boolean addEos) {
}
