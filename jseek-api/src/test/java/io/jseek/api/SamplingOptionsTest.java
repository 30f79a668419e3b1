package io.jseek.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jseek.model.SamplerParams;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The defaults of the Java API and of the server/framework settings are one set of numbers. */
class SamplingOptionsTest {

    @Test
    void openSettingsTakeDeepSeeksRecommendationOnLlamaCppsDefaults() {
        SamplerParams p = new SamplingOptions(null, null, null, null, null, 7L).toSamplerParams();
        assertEquals(new SamplerParams(0.6f, 40, 0.95f, 0.05f, 1f, 0f, 0f, 64, Map.of(), 7L), p);
    }

    @Test
    void generateDefaultsAreTheSamplingDefaults() {
        assertEquals(new SamplingOptions(null, null, null, null, null, 9L).toSamplerParams(),
                GenerateOptions.defaults(9).sampling());
    }

    @Test
    void givenSettingsOverrideTheDefaults() {
        SamplerParams p = new SamplingOptions(0.0, 0.5, 3, 0.25, -0.5, 1L).toSamplerParams();
        assertEquals(new SamplerParams(0f, 3, 0.5f, 0.05f, 1f, 0.25f, -0.5f, 64, Map.of(), 1L), p);
    }
}
