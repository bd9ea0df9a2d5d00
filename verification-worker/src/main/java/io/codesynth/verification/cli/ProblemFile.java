package io.codesynth.verification.cli;

import io.codesynth.contracts.Language;
import io.codesynth.contracts.PipelineJson;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads problem files in the formats the established harnesses use, one JSON object per line,
 * optionally gzipped:
 * <ul>
 *   <li>HumanEval ({@code task_id, prompt, test, entry_point[, canonical_solution, held_out_test]}),
 *       optionally with {@code language} ({@code python}, {@code javascript}/{@code js}); {@code held_out_test}
 *       (the same {@code check} shape) becomes the held-out test;</li>
 *   <li>MultiPL-E ({@code name, language, prompt, tests}): the entry point is read from the tests'
 *       {@code let candidate = f;};</li>
 *   <li>MBPP ({@code task_id, text, code, test_list[, test_setup_code, challenge_test_list]}): the
 *       challenge tests become held-out tests.</li>
 * </ul>
 */
public final class ProblemFile {

    /** A problem with the reference solution the file carries (HumanEval's canonical_solution, MBPP's code). */
    public record Entry(Problem problem, String referenceSolution) {
    }

    private static final Pattern CANDIDATE = Pattern.compile("let\\s+candidate\\s*=\\s*([A-Za-z_$][\\w$]*)");

    private ProblemFile() {
    }

    /** The problems by task id, in file order. */
    public static Map<String, Entry> read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in, path.toString());
        }
    }

    public static Map<String, Entry> read(InputStream in, String name) throws IOException {
        Map<String, Entry> problems = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                Entry entry = entry(PipelineJson.mapper().readTree(line));
                if (problems.putIfAbsent(entry.problem().taskId(), entry) != null) {
                    throw new IllegalArgumentException("task id " + entry.problem().taskId() + " appears twice");
                }
            } catch (JacksonException | IllegalArgumentException e) {
                throw new IOException(name + " line " + number + ": " + e.getMessage(), e);
            }
        }
        return problems;
    }

    static Entry entry(JsonNode json) {
        if (json.has("test_list")) {
            return mbpp(json);
        }
        String taskId = text(json, "task_id", text(json, "name", null));
        String tests = text(json, "test", text(json, "tests", null));
        String prompt = text(json, "prompt", null);
        if (taskId == null || tests == null || prompt == null) {
            throw new IllegalArgumentException("not a HumanEval, MultiPL-E or MBPP problem (need task_id/name, prompt "
                    + "and test/tests, or test_list)");
        }
        Language language = language(text(json, "language", "python"));
        String entryPoint = text(json, "entry_point", null);
        if (entryPoint == null) {
            Matcher matcher = CANDIDATE.matcher(tests);
            if (!matcher.find()) {
                throw new IllegalArgumentException(taskId + ": no entry_point, and the tests do not say `let candidate = ...`");
            }
            entryPoint = matcher.group(1);
        }
        Problem problem = new Problem(taskId, ProblemFormat.HUMANEVAL, language, prompt, entryPoint, List.of(tests),
                heldOutTest(json), null);
        return new Entry(problem, text(json, "canonical_solution", null));
    }

    private static Entry mbpp(JsonNode json) {
        String taskId = text(json, "task_id", null);
        List<String> tests = strings(json.get("test_list"));
        if (taskId == null || tests.isEmpty()) {
            throw new IllegalArgumentException("an MBPP problem needs task_id and a non-empty test_list");
        }
        String text = text(json, "text", text(json, "prompt", "MBPP task " + taskId));
        String setup = text(json, "test_setup_code", null);
        // no entry point: the harness then records the value of whichever call an assertion compares
        Problem problem = new Problem(taskId, ProblemFormat.MBPP, language(text(json, "language", "python")), text,
                null, tests, strings(json.get("challenge_test_list")), setup == null || setup.isBlank() ? null : setup);
        return new Entry(problem, text(json, "code", null));
    }

    /** HumanEval's optional {@code held_out_test}, a string like {@code test}; blank reads as absent. */
    private static List<String> heldOutTest(JsonNode json) {
        JsonNode value = json.get("held_out_test");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isString()) {
            throw new IllegalArgumentException("held_out_test must be a string");
        }
        return value.asString().isBlank() ? List.of() : List.of(value.asString());
    }

    static Language language(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "js", "javascript", "node" -> Language.JAVASCRIPT;
            case "py", "python", "python3" -> Language.PYTHON;
            default -> Language.fromId(name);
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode value : array) {
                values.add(value.asString());
            }
        }
        return values;
    }

    /** A string or number field as text (MBPP's task ids are numbers), else the fallback. */
    static String text(JsonNode json, String field, String fallback) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        return value.isString() ? value.asString() : value.toString();
    }
}
