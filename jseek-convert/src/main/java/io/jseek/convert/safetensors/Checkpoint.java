package io.jseek.convert.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The weights of a Hugging Face checkpoint folder: {@code model.safetensors.index.json} and its shards, else a
 * single {@code model.safetensors}, else every {@code model*.safetensors} (llama.cpp's rule). With an index, the
 * names it lists must be exactly the names in the shards. Every file is mapped; {@link #close()} unmaps them all.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String INDEX = "model.safetensors.index.json";

    private final List<SafetensorsFile> files;
    private final Map<String, SafeTensor> tensors;

    private Checkpoint(List<SafetensorsFile> files, Map<String, SafeTensor> tensors) {
        this.files = files;
        this.tensors = tensors;
    }

    /** Opens the weights in {@code folder}; a missing shard or a name mismatch names the file or tensor. */
    public static Checkpoint open(Path folder) throws IOException {
        Path index = folder.resolve(INDEX);
        Optional<Map<String, String>> weightMap = Files.isRegularFile(index)
                ? Optional.of(weightMap(index)) : Optional.empty();
        List<Path> shards = weightMap.isPresent() ? shards(folder, index, weightMap.get()) : shards(folder);
        List<SafetensorsFile> files = new ArrayList<>();
        try {
            Map<String, SafeTensor> tensors = new LinkedHashMap<>();
            for (Path shard : shards) {
                SafetensorsFile f = SafetensorsFile.open(shard);
                files.add(f);
                for (SafeTensor t : f.tensors().values()) {
                    SafeTensor before = tensors.putIfAbsent(t.name(), t);
                    if (before != null) {
                        throw new SafetensorsFormatException(shard, "tensor '" + t.name() + "' is also in "
                                + before.file().getFileName());
                    }
                }
            }
            if (weightMap.isPresent()) {
                checkIndex(index, weightMap.get(), tensors);
            }
            return new Checkpoint(List.copyOf(files), java.util.Collections.unmodifiableMap(tensors));
        } catch (IOException | RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private static Map<String, String> weightMap(Path index) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(index.toFile());
        } catch (JacksonException e) {
            throw new SafetensorsFormatException(index, JsonErrorText.describe(e));
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new SafetensorsFormatException(index, "no \"weight_map\" object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafetensorsFormatException(index, "weight_map." + e.getKey() + " is not a file name");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static List<Path> shards(Path folder, Path index, Map<String, String> weightMap)
            throws SafetensorsFormatException {
        List<Path> shards = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : new TreeSet<>(weightMap.values())) {
            Path shard = folder.resolve(name).normalize();
            if (!shard.startsWith(folder.normalize()) || !Files.isRegularFile(shard)) {
                missing.add(name);
            }
            shards.add(shard);
        }
        if (!missing.isEmpty()) {
            throw new SafetensorsFormatException(index, "missing shard" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing));
        }
        return shards;
    }

    private static List<Path> shards(Path folder) throws IOException {
        Path single = folder.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        try (Stream<Path> list = Files.list(folder)) {
            List<Path> found = list.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("model") && n.endsWith(".safetensors") && Files.isRegularFile(p);
            }).sorted().toList();
            if (found.isEmpty()) {
                throw new SafetensorsFormatException(folder, "no model*.safetensors weights (and no " + INDEX + ")");
            }
            return found;
        }
    }

    private static void checkIndex(Path index, Map<String, String> weightMap, Map<String, SafeTensor> tensors)
            throws SafetensorsFormatException {
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            SafeTensor t = tensors.get(e.getKey());
            String shard = Path.of(e.getValue()).getFileName().toString();
            if (t == null || !t.file().getFileName().toString().equals(shard)) {
                throw new SafetensorsFormatException(index, "tensor '" + e.getKey() + "' is not in " + e.getValue());
            }
        }
        for (String name : tensors.keySet()) {
            if (!weightMap.containsKey(name)) {
                throw new SafetensorsFormatException(index, "tensor '" + name + "' of "
                        + tensors.get(name).file().getFileName() + " is not listed in the index");
            }
        }
    }

    /** Every tensor by name, shard by shard in file order. */
    public Map<String, SafeTensor> tensors() {
        return tensors;
    }

    /** The files opened, in order. */
    public List<Path> files() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
