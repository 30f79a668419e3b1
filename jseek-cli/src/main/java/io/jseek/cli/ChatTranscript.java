package io.jseek.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jseek.template.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation file of {@code /save} and {@code /load}: {@code {"messages": [{"role", "content",
 * "reasoning_content"?}, ...]}}, the OpenAI message shape, so transcripts can be fed to other tools.
 */
final class ChatTranscript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatTranscript() {
    }

    static void save(Path file, List<ChatMessage> messages) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("messages");
        for (ChatMessage m : messages) {
            ObjectNode node = array.addObject().put("role", m.role()).put("content", m.content());
            if (m.reasoningContent() != null) {
                node.put("reasoning_content", m.reasoningContent());
            }
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new IOException("cannot save to " + file + ": the folder " + folder + " does not exist");
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    static List<ChatMessage> load(Path file) throws IOException {
        JsonNode messages;
        try {
            messages = JSON.readTree(Files.readAllBytes(file)).path("messages");
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": " + JsonErrors.describe(e), e);
        }
        if (!messages.isArray()) {
            throw new IOException(file + ": expected {\"messages\": [...]}");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : messages) {
            if (!m.path("role").isTextual()) {
                throw new IOException(file + ": a message without a role");
            }
            String reasoning = m.path("reasoning_content").isTextual() ? m.get("reasoning_content").asText() : null;
            out.add(new ChatMessage(m.get("role").asText(), m.path("content").asText(""), reasoning, List.of(),
                    null, null));
        }
        return out;
    }
}
