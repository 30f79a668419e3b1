package io.jseek.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelRegistryTest {
    @Test
    void shortNamesMapToRepoAndQuant() {
        assertEquals(new ModelRef("unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF", "Q4_K_M"),
                ModelRegistry.toRef(ModelRegistry.DEFAULT_MODEL));
        assertEquals("unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF", ModelRegistry.toRef("DeepSeek-R1:8B").repo());
        assertEquals("TheBloke/deepseek-coder-1.3b-instruct-GGUF:Q4_K_M",
                ModelRegistry.toRef("deepseek-coder:1.3b").toString());
        assertEquals("deepseek-llm:7b",
                ModelRegistry.shortNameOf("thebloke/deepseek-llm-7B-chat-GGUF", "q4_k_m").orElseThrow());
        assertEquals(new ModelRef("unsloth/DeepSeek-R1-0528-Qwen3-8B-GGUF", "Q4_K_M"),
                ModelRegistry.toRef("deepseek-r1:8b-qwen3"));
        assertEquals(11, ModelRegistry.shortNames().size());
    }

    @Test
    void repoRefsParse() {
        ModelRef r = ModelRegistry.toRef("hf.co/bartowski/DeepSeek-V2-Lite-Chat-GGUF:Q6_K");
        assertEquals("bartowski", r.owner());
        assertEquals("DeepSeek-V2-Lite-Chat-GGUF", r.name());
        assertEquals("Q6_K", r.quant());
        assertNull(ModelRef.parse("a/b").quant());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelRegistry.toRef("llama"));
        assertTrue(e.getMessage().contains("deepseek-r1:1.5b"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelRef.parse("../b"));
        assertThrows(IllegalArgumentException.class, () -> ModelRef.parse("a/b/c"));
    }
}
