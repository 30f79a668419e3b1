package io.jseek.template.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.Node;
import io.jseek.template.ChatTemplateException;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;

/**
 * Renders chat templates with Jinjava configured for the Jinja dialect that Hugging Face chat templates are
 * written in (Python Jinja as used by transformers; @huggingface/jinja is the test oracle).
 *
 * <p>Bridged differences, each in its own class: Python {@code str} methods ({@link PythonStringMethods}),
 * {@code +} refusing None ({@link PythonAddOperator} via {@link PythonSyntaxBuilder}/{@link PythonJinjava}),
 * {@code tojson} output and arguments ({@link ToJsonFilter}), {@code raise_exception} ({@link TemplateFunctions}),
 * unknown filters/tests being errors ({@link StrictContext}), and errors surfacing as one exception
 * ({@link TemplateErrors}) rather than Jinjava's collected warnings. The configuration supplies the rest:
 * {@code trim_blocks} and {@code lstrip_blocks} (transformers enables both), and no nested interpretation
 * (Jinjava would otherwise execute {@code {{ … }}} found inside message text). Like Python Jinja's default
 * {@code keep_trailing_newline=False}, one trailing newline of the source is dropped.
 *
 * <p>Jinjava instances are thread-safe; each render gets its own interpreter and context.
 */
public final class JinjaRenderer {

    private static final Jinjava JINJAVA = create();

    private JinjaRenderer() {
    }

    private static Jinjava create() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withNestedInterpretationEnabled(false)
                .withElResolver(resolver)
                .build();
        Jinjava jinjava = new PythonJinjava(config);
        jinjava.registerFilter(new ToJsonFilter());
        jinjava.registerFunction(new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class,
                "raiseException", Object.class));
        return jinjava;
    }

    /** Parses {@code source}, throwing {@link ChatTemplateException} for a syntax error Jinjava detects up front. */
    public static void validate(String source) {
        JinjavaInterpreter interpreter = newInterpreter(Map.of());
        try (var _ = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            interpreter.parse(preprocess(source));
        }
        TemplateErrors.throwIfFatal(interpreter.getErrors());
    }

    /** Renders {@code source} with the given top-level variables. */
    public static String render(String source, Map<String, Object> variables) {
        JinjavaInterpreter interpreter = newInterpreter(variables);
        String output;
        try (var _ = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            Node root = interpreter.parse(preprocess(source));
            TemplateErrors.throwIfFatal(interpreter.getErrors());
            output = interpreter.render(root);
        } catch (ChatTemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw TemplateErrors.fromException(e, interpreter.getLineNumber());
        }
        TemplateErrors.throwIfFatal(interpreter.getErrors());
        return output;
    }

    private static JinjavaInterpreter newInterpreter(Map<String, Object> variables) {
        JinjavaConfig config = JINJAVA.getGlobalConfig();
        StrictContext context = new StrictContext(JINJAVA.getGlobalContextCopy(), variables);
        return config.getInterpreterFactory().newInstance(JINJAVA, context, config);
    }

    private static String preprocess(String source) {
        return source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
    }
}
