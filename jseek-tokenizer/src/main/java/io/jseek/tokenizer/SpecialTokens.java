package io.jseek.tokenizer;

import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Role → token id assignments of a vocabulary plus its end-of-generation set. Ids given by the model files win;
 * missing roles are filled from well-known token texts as llama.cpp does at load time. The end-of-generation set is
 * EOS, EOT, EOM, the FIM pad/repo/separator tokens and every control token whose text llama.cpp lists as an end of
 * turn. Immutable.
 */
final class SpecialTokens {
    private final EnumMap<SpecialRole, Integer> ids;
    private final BitSet endOfGeneration = new BitSet();

    SpecialTokens(Map<SpecialRole, Integer> declared, Vocabulary vocabulary) {
        ids = new EnumMap<>(SpecialRole.class);
        declared.forEach((role, id) -> {
            if (id >= 0 && id < vocabulary.size()) {
                ids.put(role, id);
            }
        });
        for (SpecialRole role : SpecialRole.values()) {
            for (String text : role.knownTexts()) {
                if (!ids.containsKey(role)) {
                    vocabulary.find(text).ifPresent(id -> ids.put(role, id));
                }
            }
        }
        for (SpecialRole role : new SpecialRole[] {SpecialRole.EOS, SpecialRole.EOT, SpecialRole.EOM,
                SpecialRole.FIM_PAD, SpecialRole.FIM_REPO, SpecialRole.FIM_SEPARATOR}) {
            get(role).ifPresent(endOfGeneration::set);
        }
        for (String text : SpecialRole.EOT.knownTexts()) {
            vocabulary.find(text).ifPresent(endOfGeneration::set);
        }
        for (String text : SpecialRole.EOM.knownTexts()) {
            vocabulary.find(text).ifPresent(endOfGeneration::set);
        }
    }

    OptionalInt get(SpecialRole role) {
        Integer id = ids.get(role);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    boolean isEndOfGeneration(int id) {
        return id >= 0 && endOfGeneration.get(id);
    }
}
