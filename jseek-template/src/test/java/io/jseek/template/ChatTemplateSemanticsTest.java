package io.jseek.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Python Jinja / transformers behaviour that the golden templates do not all reach: how messages and options are
 * exposed, string methods, slicing, tojson details and whitespace handling.
 */
class ChatTemplateSemanticsTest {

    private static String render(String source, List<ChatMessage> messages, RenderOptions options) {
        return ChatTemplate.jinja(source, "<s>", "</s>").render(messages, options);
    }

    private static String render(String source, String content) {
        return render(source, List.of(ChatMessage.user(content)), RenderOptions.of(false));
    }

    @Test
    void messagesHaveOnlyThePresentKeysInHuggingFaceOrder() {
        List<ChatMessage> messages = List.of(
                ChatMessage.user("hi"),
                new ChatMessage("assistant", null, "because", List.of(ToolCall.function("c1", "f", "{\"a\": 1}")), null, null),
                new ChatMessage("tool", "42", null, List.of(), "c1", "f"));
        String out = render("{% for m in messages %}{{ m | tojson }}\n{% endfor %}", messages, RenderOptions.of(false));
        assertEquals("""
                {"role": "user", "content": "hi"}
                {"role": "assistant", "content": null, "reasoning_content": "because", "tool_calls": [{"id": "c1", \
                "type": "function", "function": {"name": "f", "arguments": "{\\"a\\": 1}"}}]}
                {"role": "tool", "content": "42", "tool_call_id": "c1", "name": "f"}
                """, out);
    }

    @Test
    void optionsBecomeTemplateVariables() throws Exception {
        var tools = new ObjectMapper().readTree("[{\"type\": \"function\", \"function\": {\"name\": \"f\", \"x\": 1.0}}]");
        RenderOptions options = RenderOptions.of(true).withExtra("enable_thinking", false)
                .withTools(List.of(tools.get(0)));
        String source = "{{ bos_token }}{{ tools | tojson }}{{ add_generation_prompt }}"
                + "{% if not enable_thinking %}no-think{% endif %}{{ eos_token }}{% if tools is none %}none{% endif %}";
        assertEquals("<s>[{\"type\": \"function\", \"function\": {\"name\": \"f\", \"x\": 1}}]trueno-think</s>",
                render(source, List.of(), options));
        assertEquals("<s>nullfalseno-think</s>none", render(source, List.of(), RenderOptions.of(false)));
    }

    @Test
    void toolsGivenAsJavaMapsAndAsJacksonTreesRenderAlike() throws Exception {
        Map<String, Object> tool = Map.of("type", "function", "function", Map.of("name", "f"));
        String json = new ObjectMapper().writeValueAsString(tool);
        String source = "{{ tools | tojson(sort_keys=true) }}";
        assertEquals(render(source, List.of(), RenderOptions.of(false).withTools(List.of(tool))),
                render(source, List.of(), RenderOptions.of(false).withTools(List.of(new ObjectMapper().readTree(json)))));
    }

    /**
     * One user message with {@code content}, a template reading it: Python's string methods and slicing, namespaces
     * and loop controls. title() and capitalize() follow Python; @huggingface/jinja only upper-cases first letters.
     */
    static Stream<Arguments> messageTemplates() {
        return Stream.of(
                Arguments.of("split is Python's literal split keeping empty parts",
                        "{% set c = messages[0].content %}{{ c.split('</think>')[-1] }}|{{ c.split('</think>') | length }}"
                                + "|{{ c.split('.') | length }}|{{ '  a  b '.split() | tojson }}"
                                + "|{{ 'a,b,c'.split(',', 1) | tojson }}",
                        "x.y</think>z</think>", "|3|2|[\"a\", \"b\"]|[\"a\", \"b,c\"]"),
                Arguments.of("strip family, startswith, endswith and case",
                        "{% set c = messages[0].content %}[{{ c.strip() }}][{{ c.lstrip() }}][{{ c.rstrip() }}]"
                                + "[{{ 'xxhixx'.strip('x') }}]{{ c.strip().startswith('He') }}{{ c.endswith(('!', '  ')) }}"
                                + "{{ c.strip().upper() }}{{ 'hello wORLD'.title() }}{{ 'hELLO'.capitalize() }}"
                                + "{{ 'a-b-c'.replace('-', '+', 1) }}{{ 'abc'.find('c') }}",
                        "  Hello!  ", "[Hello!][Hello!  ][  Hello!][hi]truetrueHELLO!Hello WorldHelloa+b-c2"),
                Arguments.of("slicing counts code points and clamps",
                        "{% set c = messages[0].content %}{{ c[-3:] }}|{{ c[:2] }}|{{ c[-10:1] }}|{{ c[5:] }}|"
                                + "{{ messages[-1].role }}|{{ [1, 2, 3][-2:] | tojson }}",
                        "ab上海😀", "上海😀|ab|a||user|[2, 3]"),
                Arguments.of("namespace, loop controls and tests",
                        "{% set ns = namespace(text='', n=0) %}{% for x in ['a', 'b', 'c', 'd'] %}"
                                + "{% if x == 'b' %}{% continue %}{% endif %}{% if x == 'd' %}{% break %}{% endif %}"
                                + "{% set ns.text = ns.text + x %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.text }}"
                                + "{{ ns.n }}{{ messages[0].content is string }}{{ messages[0].content is none }}"
                                + "{{ 'ell' in 'hello' }}{{ 'q' not in ['a'] }}{{ messages | length }}"
                                + "{{ '  t  ' | trim }}{% if [] %}x{% else %}y{% endif %}",
                        "c", "ac2truefalsetruetrue1ty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageTemplates")
    void messageTemplateRendersAsPythonJinja(String behaviour, String source, String content, String expected) {
        assertEquals(expected, render(source, content));
    }

    @Test
    void tojsonEscapingIndentAndNumbers() {
        Map<String, Object> value = Map.of("k", List.of("é\u0001\"\\\n", 1.0, 0.5, 1e-7, 1e21, 12345678901L, true,
                List.of(), Map.of()));
        RenderOptions options = RenderOptions.of(false).withExtra("v", value);
        assertEquals("{\"k\": [\"é\\u0001\\\"\\\\\\n\", 1, 0.5, 1e-7, 1e+21, 12345678901, true, [], {}]}",
                render("{{ v | tojson }}", List.of(), options));
        assertEquals("{\n  \"k\": [\n    \"\\u00e9\\u0001\\\"\\\\\\n\",\n    1,\n    0.5,\n    1e-7,\n    1e+21,\n"
                        + "    12345678901,\n    true,\n    [],\n    {}\n  ]\n}",
                render("{{ v | tojson(indent=2, ensure_ascii=true) }}", List.of(), options));
    }

    @Test
    void oneTrailingNewlineIsDroppedAndBlocksAreTrimmed() {
        String source = "{% for m in messages %}\n    {% if m.role == 'user' %}\n[{{ m.content }}]\n    {% endif %}\n"
                + "{% endfor %}\n\n\n";
        assertEquals("[hi]\n\n", render(source, "hi"));
    }

    @Test
    void templateSyntaxInsideMessagesIsNotExecuted() {
        assertEquals("{{ 7 * 7 }} {% if true %}x{% endif %}", render("{{ messages[0].content }}",
                "{{ 7 * 7 }} {% if true %}x{% endif %}"));
    }
}
