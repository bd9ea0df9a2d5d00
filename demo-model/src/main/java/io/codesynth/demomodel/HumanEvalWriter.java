package io.codesynth.demomodel;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes problems as HumanEval JSON lines ({@code task_id, prompt, entry_point, canonical_solution, test}), the
 * format {@code ./codesynth verify} and {@code ./codesynth demo --problems} read. Two extra fields, which HumanEval
 * readers ignore: {@code held_out_test} (the same {@code check} shape on other inputs) and {@code composition}
 * (the operation chain with its constants, for analysis).
 */
public final class HumanEvalWriter {

    /** The family's seed for the held-out files the demo and the quality figures use. */
    public static final long DEFAULT_SEED = 42;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HumanEvalWriter() {
    }

    /** Writes {@code problems} to {@code file} (creating its directory); returns {@code file}. */
    public static Path write(Path file, List<GeneratedProblem> problems) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (GeneratedProblem problem : problems) {
                    writer.write(toJsonLine(problem));
                    writer.newLine();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write problems to " + file, e);
        }
    }

    /** {@code count} held-out problems of the family with {@code seed}: the file the demo and the quality figures use. */
    public static Path writeHeldOut(Path file, long seed, int count) {
        return write(file, new ProblemGenerator(seed).generate(Split.HELD_OUT, 0, count));
    }

    /** One problem as a HumanEval JSON line, without the line break. */
    public static String toJsonLine(GeneratedProblem problem) {
        return JSON.writeValueAsString(line(problem));
    }

    static Map<String, Object> line(GeneratedProblem problem) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("task_id", problem.taskId());
        line.put("prompt", problem.prompt());
        line.put("entry_point", problem.entryPoint());
        line.put("canonical_solution", problem.canonicalSolution());
        line.put("test", problem.test());
        line.put("held_out_test", problem.heldOutTest());
        line.put("composition", problem.composition().key());
        return line;
    }
}
