package io.jseek.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The names under which the one served model answers. Besides its id and aliases, DeepSeek's hosted names select
 * the thinking mode, so that clients configured for api.deepseek.com work unchanged: {@code deepseek-chat} is the
 * model with thinking off, {@code deepseek-reasoner} with thinking on.
 */
public final class ModelNames {
    public static final String CHAT = "deepseek-chat";
    public static final String REASONER = "deepseek-reasoner";

    private final String id;
    private final List<String> aliases;

    public ModelNames(String id, List<String> aliases) {
        this.id = id;
        this.aliases = List.copyOf(aliases);
    }

    public String id() {
        return id;
    }

    /** Every name {@code /models} lists: the id, the aliases, then DeepSeek's two names. */
    public List<String> listed() {
        List<String> all = new ArrayList<>();
        all.add(id);
        aliases.stream().filter(a -> !all.contains(a)).forEach(all::add);
        for (String n : List.of(CHAT, REASONER)) {
            if (!all.contains(n)) {
                all.add(n);
            }
        }
        return all;
    }

    /**
     * The thinking mode a name selects: empty for the model's default (its id or an alias), true for the reasoner
     * name, false for the chat name.
     *
     * @throws ApiException 404 {@code model_not_found} for any other name
     */
    public Optional<Boolean> thinkingFor(String model) {
        if (model.equals(id) || aliases.contains(model)) {
            return Optional.empty();
        }
        if (model.equals(REASONER)) {
            return Optional.of(true);
        }
        if (model.equals(CHAT)) {
            return Optional.of(false);
        }
        throw ApiException.modelNotFound(model);
    }
}
