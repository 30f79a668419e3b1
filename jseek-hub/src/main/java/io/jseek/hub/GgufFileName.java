package io.jseek.hub;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the naming conventions of GGUF repos say about a file: its quant and its place in a split set.
 *
 * <p>Uploaders put the quant last in the name, after a dash or a dot
 * ({@code DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf}, {@code deepseek-coder-1.3b-instruct.Q4_K_M.gguf}); split files add {@code -00001-of-00003}; unsloth puts big
 * models in a folder named after the quant. The quant is upper-cased so that {@code f16} and {@code F16} group.
 *
 * @param path  the path inside the repo (or a file name)
 * @param stem  the file name without {@code .gguf} and without the split suffix: the same for all parts of a set
 * @param quant the quant tag, upper-case, e.g. {@code Q4_K_M} or {@code UD-IQ1_S}; null when the name has none
 * @param part  1-based part number, 1 for a single file
 * @param parts number of parts, 1 for a single file
 */
public record GgufFileName(String path, String stem, String quant, int part, int parts) {
    private static final Pattern SPLIT = Pattern.compile("^(.*)-(\\d{5})-of-(\\d{5})$");
    private static final String QUANT = "(?:UD-)?(?:I?Q[1-8](?:_[0-9A-Z]+)*|TQ[12]_0|BF16|FP16|F16|F32|FP8)";
    private static final Pattern QUANT_SUFFIX = Pattern.compile("(?i)(?:^|[-._])(" + QUANT + ")$");
    private static final Pattern QUANT_ONLY = Pattern.compile("(?i)" + QUANT);

    /** Parses a {@code .gguf} path; empty for other files and for companions that are not a model (mmproj, imatrix). */
    public static Optional<GgufFileName> parse(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".gguf") || lower.startsWith("mmproj") || lower.contains("imatrix")) {
            return Optional.empty();
        }
        String stem = name.substring(0, name.length() - ".gguf".length());
        int part = 1;
        int parts = 1;
        Matcher split = SPLIT.matcher(stem);
        if (split.matches()) {
            stem = split.group(1);
            part = Integer.parseInt(split.group(2));
            parts = Integer.parseInt(split.group(3));
        }
        return Optional.of(new GgufFileName(path, stem, quantOf(path, stem), part, parts));
    }

    /** A file whose name follows no GGUF convention (a URL pull of {@code model.bin}): one part, labelled by its name. */
    public static GgufFileName plain(String path) {
        return new GgufFileName(path, path.substring(path.lastIndexOf('/') + 1), null, 1, 1);
    }

    /** True when {@code tag} looks like a quant tag ({@code Q4_K_M}, {@code iq2_xxs}, {@code BF16}...). */
    public static boolean isQuant(String tag) {
        return QUANT_ONLY.matcher(tag).matches();
    }

    private static String quantOf(String path, String stem) {
        Matcher m = QUANT_SUFFIX.matcher(stem);
        if (m.find()) {
            return m.group(1).toUpperCase(Locale.ROOT);
        }
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            String folder = path.substring(path.lastIndexOf('/', slash - 1) + 1, slash);
            if (isQuant(folder)) {
                return folder.toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The quant, or the stem for files whose name carries no recognisable quant. */
    public String label() {
        return quant != null ? quant : stem;
    }

    public boolean split() {
        return parts > 1;
    }
}
