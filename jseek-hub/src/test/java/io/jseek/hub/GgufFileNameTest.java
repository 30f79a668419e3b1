package io.jseek.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GgufFileNameTest {
    static GgufFileName parse(String path) {
        return GgufFileName.parse(path).orElseThrow();
    }

    @Test
    void quantFromTheNamesOfTheCommonUploaders() {
        assertEquals("Q4_K_M", parse("DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf").quant());
        assertEquals("Q4_K_M", parse("deepseek-coder-1.3b-instruct.Q4_K_M.gguf").quant());
        assertEquals("Q4_0_4_4", parse("DeepSeek-V2-Lite-Chat-Q4_0_4_4.gguf").quant());
        assertEquals("F16", parse("DeepSeek-V2-Lite-Chat-f16.gguf").quant());
        assertEquals("BF16", parse("DeepSeek-R1-Distill-Qwen-1.5B-BF16.gguf").quant());
        assertEquals("IQ2_XXS", parse("model-IQ2_XXS.gguf").quant());
        assertEquals("UD-IQ1_S", parse("DeepSeek-R1-UD-IQ1_S/DeepSeek-R1-UD-IQ1_S-00001-of-00003.gguf").quant());
        assertEquals("UD-Q2_K_XL", parse("DeepSeek-R1-0528-UD-Q2_K_XL-00002-of-00006.gguf").quant());
    }

    @Test
    void splitSuffixAndQuantFolder() {
        GgufFileName n = parse("Q4_K_M/DeepSeek-R1-Q4_K_M-00002-of-00009.gguf");
        assertEquals("DeepSeek-R1-Q4_K_M", n.stem());
        assertEquals(2, n.part());
        assertEquals(9, n.parts());
        assertTrue(n.split());
        assertEquals("Q5_K_M", parse("q5_k_m/model-00001-of-00002.gguf").quant(), "the folder names the quant");
        GgufFileName plain = parse("tinyllama.gguf");
        assertNull(plain.quant());
        assertEquals("tinyllama", plain.label());
        assertEquals(1, plain.parts());
    }

    @Test
    void notModels() {
        assertFalse(GgufFileName.parse("README.md").isPresent());
        assertFalse(GgufFileName.parse("mmproj-model-f16.gguf").isPresent());
        assertFalse(GgufFileName.parse("imatrix_unsloth.gguf").isPresent());
        assertTrue(GgufFileName.isQuant("q8_0"));
        assertFalse(GgufFileName.isQuant("Qwen"));
    }
}
