package io.jseek.convert;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checkpoint architectures jseek converts, with the Hugging Face class names ({@code architectures[0]}) and
 * {@code model_type} values that select them, as llama.cpp's converter dispatches (../shared/docs/hf-checkpoints.md
 * §0).
 */
public enum HfArchitecture {
    LLAMA("llama", List.of("LlamaForCausalLM"), List.of("llama")),
    QWEN2("qwen2", List.of("Qwen2ForCausalLM"), List.of("qwen2")),
    QWEN3("qwen3", List.of("Qwen3ForCausalLM"), List.of("qwen3")),
    DEEPSEEK2("deepseek2", List.of("DeepseekV2ForCausalLM", "DeepseekV3ForCausalLM"),
            List.of("deepseek_v2", "deepseek_v3"));

    private final String gguf;
    private final List<String> classes;
    private final List<String> modelTypes;

    HfArchitecture(String gguf, List<String> classes, List<String> modelTypes) {
        this.gguf = gguf;
        this.classes = classes;
        this.modelTypes = modelTypes;
    }

    /** The GGUF {@code general.architecture} name. */
    public String ggufName() {
        return gguf;
    }

    /** The architecture of {@code config}: by class name, else by {@code model_type}. */
    static HfArchitecture of(HfConfig config) throws ConvertException {
        Optional<String> cls = config.architecture();
        Optional<String> type = config.string("model_type");
        return Arrays.stream(values())
                .filter(a -> cls.map(a.classes::contains).orElse(false))
                .findFirst()
                .or(() -> cls.isPresent() ? Optional.empty()
                        : Arrays.stream(values()).filter(a -> type.map(a.modelTypes::contains).orElse(false))
                                .findFirst())
                .orElseThrow(() -> new ConvertException(config.file() + ": "
                        + cls.map(c -> "architecture '" + c + "'").orElse("model_type '" + type.orElse("") + "'")
                        + " is not supported; jseek converts " + Arrays.stream(values())
                                .flatMap(a -> a.classes.stream()).collect(Collectors.joining(", "))));
    }
}
