package io.jseek.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Picks the GGUF file(s) for a quant tag out of a repo listing.
 *
 * <p>Files are grouped into sets by folder and stem, so that the parts of a split model travel together; a tag
 * matches a set's quant case-insensitively. Without a tag the choice is Q4_K_M (the usual local default), else
 * the only set. Whenever the choice fails the error lists what the repo offers, with sizes, since the user's
 * next step is to pick one of them.
 */
public final class QuantSelector {
    /** The quant taken when the user names none and the repo has several. */
    public static final String DEFAULT_QUANT = "Q4_K_M";

    private QuantSelector() {
    }

    /**
     * @param repo  the repo, for messages
     * @param files the repo's files
     * @param quant the requested tag, or null for the default
     * @throws HubException when nothing or more than one set matches, or a split set is incomplete
     */
    public static QuantSelection select(String repo, List<RepoFile> files, String quant) throws HubException {
        List<QuantSelection> sets = sets(files);
        if (sets.isEmpty()) {
            throw new HubException("no GGUF files in " + repo);
        }
        List<QuantSelection> matching;
        if (quant != null) {
            matching = withQuant(sets, quant);
            if (matching.isEmpty()) {
                throw new HubException("no " + quant + " file in " + repo + "; available: " + available(sets));
            }
        } else {
            matching = withQuant(sets, DEFAULT_QUANT);
            if (matching.isEmpty() && sets.size() == 1) {
                matching = sets;
            }
            if (matching.isEmpty()) {
                throw new HubException(repo + " has several quants, name one as " + repo + ":QUANT; available: "
                        + available(sets));
            }
        }
        if (matching.size() > 1) {
            throw new HubException("several file sets in " + repo + " match " + matching.getFirst().quant() + ": "
                    + matching.stream().map(s -> s.files().getFirst().path()).collect(Collectors.joining(", "))
                    + "; pull one of them by URL");
        }
        return checkComplete(repo, matching.getFirst());
    }

    /** The repo's GGUF sets, ordered by quant. */
    public static List<QuantSelection> sets(List<RepoFile> files) {
        Map<String, List<RepoFile>> byKey = new TreeMap<>();
        Map<String, String> quantOfKey = new TreeMap<>();
        for (RepoFile f : files) {
            GgufFileName.parse(f.path()).ifPresent(n -> {
                String folder = f.path().contains("/") ? f.path().substring(0, f.path().lastIndexOf('/')) : "";
                String key = n.label() + "\u0000" + folder + "\u0000" + n.stem() + "\u0000" + n.parts();
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
                quantOfKey.put(key, n.label());
            });
        }
        List<QuantSelection> sets = new ArrayList<>();
        byKey.forEach((key, parts) -> {
            parts.sort(Comparator.comparing(RepoFile::path));
            sets.add(new QuantSelection(quantOfKey.get(key), parts));
        });
        return sets;
    }

    private static List<QuantSelection> withQuant(List<QuantSelection> sets, String quant) {
        return sets.stream().filter(s -> s.quant().equalsIgnoreCase(quant)).toList();
    }

    private static String available(List<QuantSelection> sets) {
        return sets.stream()
                .map(s -> s.quant() + " (" + Units.bytes(s.size()) + (s.files().size() > 1 ? ", " + s.files().size()
                        + " parts" : "") + ")")
                .distinct()
                .collect(Collectors.joining(", "));
    }

    private static QuantSelection checkComplete(String repo, QuantSelection set) throws HubException {
        int expected = GgufFileName.parse(set.files().getFirst().path()).orElseThrow().parts();
        boolean complete = set.files().size() == expected;
        for (int i = 0; complete && i < expected; i++) {
            complete = GgufFileName.parse(set.files().get(i).path()).orElseThrow().part() == i + 1;
        }
        if (complete) {
            return set;
        }
        throw new HubException("incomplete split set in " + repo + ": " + set.files().size() + " of " + expected
                + " parts of " + set.quant() + " listed");
    }
}
