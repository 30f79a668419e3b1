package io.jseek.hub;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model on the hub: a repository and, optionally, the quant to take from it ({@code owner/repo[:QUANT]}).
 *
 * @param repo  {@code owner/name}
 * @param quant the quant tag as the user wrote it, or null to let {@link QuantSelector} pick the default
 */
public record ModelRef(String repo, String quant) {
    private static final Pattern REF = Pattern.compile("([\\w.-]+/[\\w.-]+)(?::([\\w.-]+))?");

    public ModelRef {
        if (!REF.matcher(repo).matches() || repo.contains("..") || repo.contains(":")) {
            throw new IllegalArgumentException("not a hub repo: " + repo + " (expected owner/name)");
        }
        if (quant != null && quant.isBlank()) {
            quant = null;
        }
    }

    /**
     * Parses {@code owner/repo[:QUANT]}, also with the {@code hf.co/} or {@code huggingface.co/} prefix that
     * model pages show.
     *
     * @throws IllegalArgumentException when {@code text} is not of that form
     */
    public static ModelRef parse(String text) {
        String s = text.strip();
        for (String prefix : new String[] {"hf.co/", "huggingface.co/"}) {
            if (s.regionMatches(true, 0, prefix, 0, prefix.length())) {
                s = s.substring(prefix.length());
            }
        }
        Matcher m = REF.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a model name: " + text + " (expected owner/repo[:QUANT])");
        }
        return new ModelRef(m.group(1), m.group(2));
    }

    /** True when {@code text} has the {@code owner/repo[:QUANT]} form. */
    public static boolean looksLikeRef(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public String owner() {
        return repo.substring(0, repo.indexOf('/'));
    }

    public String name() {
        return repo.substring(repo.indexOf('/') + 1);
    }

    public ModelRef withQuant(String newQuant) {
        return new ModelRef(repo, newQuant);
    }

    @Override
    public String toString() {
        return quant == null ? repo : repo + ":" + quant;
    }
}
