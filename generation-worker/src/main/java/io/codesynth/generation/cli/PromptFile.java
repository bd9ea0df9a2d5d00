package io.codesynth.generation.cli;

import io.codesynth.generation.prompt.PromptFormatter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The prompts of {@code generate}: one inline, or JSON lines (HumanEval's files work as they are). */
final class PromptFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One prompt.
     *
     * @param id         its {@code task_id}, or its line number
     * @param modelInput the text the model sees, formatted
     */
    record Prompt(String id, String modelInput) {
    }

    private PromptFile() {
    }

    static Prompt inline(String text, PromptFormatter formatter) {
        return new Prompt("prompt", formatter.modelInput(text));
    }

    /**
     * Reads {@code file}: one JSON object per non-blank line with a string {@code prompt}; {@code task_id} names
     * it; with {@code entry_point} the prompt is a code prefix to complete (HumanEval), otherwise free text.
     *
     * @throws UsageException naming the line that is not such an object
     */
    static List<Prompt> read(Path file, PromptFormatter formatter) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UsageException("cannot read prompts file " + file + ": " + e.getMessage());
        }
        List<Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JacksonException e) {
                throw new UsageException(where + " is not JSON: " + e.getOriginalMessage());
            }
            JsonNode prompt = node.path("prompt");
            if (!prompt.isString() || prompt.asString().isEmpty()) {
                throw new UsageException(where + " has no \"prompt\" string");
            }
            String id = node.path("task_id").isString() ? node.path("task_id").asString() : "line " + (i + 1);
            String input = node.path("entry_point").isString()
                    ? formatter.modelInputForCode(prompt.asString(), "python")
                    : formatter.modelInput(prompt.asString());
            prompts.add(new Prompt(id, input));
        }
        if (prompts.isEmpty()) {
            throw new UsageException("prompts file " + file + " holds no prompts");
        }
        return prompts;
    }
}
