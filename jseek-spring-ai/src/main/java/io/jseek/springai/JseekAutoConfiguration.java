package io.jseek.springai;

import io.jseek.api.JseekModel;
import io.jseek.api.LoadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: with {@code jseek.model} set, one {@link JseekModel} is loaded at startup (and
 * closed with the context) and a {@link JseekChatModel} is the application's {@link ChatModel}, so Spring AI's
 * {@code ChatClient.Builder} works over it. Runs before Spring AI's ChatClient auto-configuration, which needs the
 * {@link ChatModel} bean.
 */
@AutoConfiguration(beforeName = "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration")
@ConditionalOnProperty(prefix = "jseek", name = "model")
@EnableConfigurationProperties(JseekProperties.class)
public class JseekAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public JseekModel jseekModel(JseekProperties p) {
        LoadOptions options = new LoadOptions(p.threads(), p.context(), p.pullIfMissing() == null
                || p.pullIfMissing());
        try {
            return JseekModel.load(p.model(), options);
        } catch (IOException e) {
            throw new UncheckedIOException("jseek.model=" + p.model() + ": " + e.getMessage(), e);
        }
    }

    @Bean
    @ConditionalOnMissingBean(ChatModel.class)
    public JseekChatModel jseekChatModel(JseekModel model, JseekProperties p,
                                         ObjectProvider<ToolCallingManager> toolCallingManager) {
        ToolCallingChatOptions defaults = ToolCallingChatOptions.builder().temperature(p.temperature())
                .topP(p.topP()).topK(p.topK()).maxTokens(p.maxTokens()).build();
        return new JseekChatModel(model, defaults, p.seed(),
                toolCallingManager.getIfAvailable(() -> ToolCallingManager.builder().build()));
    }
}
