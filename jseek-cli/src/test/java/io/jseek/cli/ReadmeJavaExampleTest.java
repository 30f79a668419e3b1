package io.jseek.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java API example compiles against the real API, as a reader would paste it into a method. */
class ReadmeJavaExampleTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theJavaApiExampleCompiles(@TempDir Path out) throws IOException {
        String readme = Files.readString(README);
        Matcher m = Pattern.compile("(?s)## Java API.*?```java\n(.*?)```").matcher(readme);
        assertTrue(m.find(), "no java block under ## Java API");
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : m.group(1).split("\n")) {
            (line.startsWith("import ") ? imports : body).add(line);
        }
        String source = String.join("\n", imports) + "\nclass ReadmeExample {\n    static void example() throws"
                + " Exception {\n" + String.join("\n", body) + "\n    }\n}\n";
        Path file = Files.writeString(out.resolve("ReadmeExample.java"), source);
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        StringWriter errors = new StringWriter();
        PrintWriter w = new PrintWriter(errors);
        boolean ok = javac.run(w, w, "-proc:none", "-d", out.toString(), "-classpath",
                System.getProperty("java.class.path"), "--add-modules", "jdk.incubator.vector", file.toString()) == 0;
        assertTrue(ok, errors + "\n" + source);
    }
}
