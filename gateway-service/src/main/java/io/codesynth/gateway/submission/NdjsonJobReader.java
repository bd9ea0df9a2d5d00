package io.codesynth.gateway.submission;

import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.Language;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a job sent as NDJSON, one problem per line, in the public benchmarks' own formats: a line of
 * {@code HumanEval.jsonl} ({@code task_id, prompt, entry_point, test}; an optional {@code held_out_test} of
 * the same {@code check} shape becomes the held-out test) or of MBPP
 * ({@code task_id, text, test_list, test_setup_code}, optional {@code challenge_test_list} as held-out
 * tests; {@code code} and other fields are ignored). Blank lines are skipped but counted, so line
 * numbers match the client's file. Job settings come from the query string.
 */
final class NdjsonJobReader {

    static final SequencedSet<String> JOB_PARAMETERS = new LinkedHashSet<>(List.of("samples", "name", "language"));

    private static final String HUMANEVAL_FIELDS = " (a HumanEval line has task_id, prompt, entry_point and test)";
    private static final String MBPP_FIELDS = " (an MBPP line has task_id, text, test_list and test_setup_code)";

    private NdjsonJobReader() {
    }

    /** The job, or null when the request is unusable (the reasons are in {@code violations}). */
    static JobDraft read(InputStream body, QueryParameters query, Violations violations) throws IOException {
        SequencedSet<String> known = new LinkedHashSet<>(JOB_PARAMETERS);
        known.addAll(DecodingSettingsReader.FIELDS);
        query.rejectUnknown(known);
        String name = query.string("name").orElse(null);
        JobRules.checkName(name, "name", violations);
        int samples = query.integer("samples").orElse(1);
        JobRules.checkSamples(samples, "samples", violations);
        Language language = query.string("language").map(id -> {
            try {
                return Language.fromId(id);
            } catch (IllegalArgumentException e) {
                violations.add("language", null, e.getMessage());
                return null;
            }
        }).orElse(Language.PYTHON);
        DecodingSettings decoding = DecodingSettingsReader.read(query);

        List<JobRules.Located> problems = readLines(body, language, violations);
        if (!violations.isEmpty()) {
            return null;
        }
        return new JobDraft(name, samples, decoding, null, problems.stream().map(JobRules.Located::problem).toList());
    }

    private static List<JobRules.Located> readLines(InputStream body, Language language, Violations violations)
            throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, decoder));
        List<JobRules.Located> problems = new ArrayList<>();
        int lineNumber = 0;
        boolean anyLine = false;
        boolean undecodable = false;
        while (true) {
            String text;
            try {
                text = reader.readLine();
            } catch (CharacterCodingException e) {
                violations.add("body", lineNumber + 1, "is not valid UTF-8 at or after this line");
                undecodable = true;
                break;
            }
            if (text == null) {
                break;
            }
            lineNumber++;
            if (lineNumber == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                continue;
            }
            anyLine = true;
            Problem problem = problem(text, lineNumber, language, violations);
            if (problem != null) {
                problems.add(new JobRules.Located(problem, "task_id", lineNumber, "line " + lineNumber));
            }
        }
        if (!anyLine && !undecodable) {
            violations.add("body", null, "contains no problems; send one JSON object per line");
        }
        JobRules.checkUniqueTaskIds(problems, violations);
        return problems;
    }

    private static Problem problem(String text, int lineNumber, Language language, Violations violations) {
        JsonNode node;
        try {
            node = JobJson.MAPPER.readTree(text);
        } catch (JacksonException e) {
            violations.add("body", lineNumber, JobJson.describe(e));
            return null;
        }
        if (!node.isObject()) {
            violations.add("body", lineNumber, "must be a JSON object, one problem per line");
            return null;
        }
        JsonObjectReader line = new JsonObjectReader(node, "", lineNumber, violations);
        int errorsBefore = violations.count();
        Problem problem;
        if (line.has("test_list") || line.has("text")) {
            String taskId = line.requiredId("task_id", MBPP_FIELDS);
            String instruction = line.requiredString("text", MBPP_FIELDS);
            List<String> tests = line.requiredStrings("test_list", MBPP_FIELDS);
            List<String> heldOut = line.strings("challenge_test_list").orElse(List.of());
            String setup = line.string("test_setup_code").filter(s -> !s.isBlank()).orElse(null);
            problem = violations.count() > errorsBefore ? null
                    : create(() -> new Problem(taskId, ProblemFormat.MBPP, language, instruction, null, tests, heldOut, setup),
                            lineNumber, violations);
        } else {
            String taskId = line.requiredId("task_id", HUMANEVAL_FIELDS);
            String prompt = line.requiredString("prompt", HUMANEVAL_FIELDS);
            String entryPoint = line.requiredString("entry_point", HUMANEVAL_FIELDS);
            String test = line.requiredString("test", HUMANEVAL_FIELDS);
            // blank reads as absent, like test_setup_code: there is nothing to run
            List<String> heldOut = line.string("held_out_test").filter(s -> !s.isBlank())
                    .map(List::of).orElse(List.of());
            problem = violations.count() > errorsBefore ? null
                    : create(() -> new Problem(taskId, ProblemFormat.HUMANEVAL, language, prompt, entryPoint,
                            List.of(test), heldOut, null), lineNumber, violations);
        }
        return problem;
    }

    private static Problem create(java.util.function.Supplier<Problem> constructor, int lineNumber, Violations violations) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            violations.add("body", lineNumber, e.getMessage());
            return null;
        }
    }
}
