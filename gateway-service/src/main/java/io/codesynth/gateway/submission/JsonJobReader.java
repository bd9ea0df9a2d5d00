package io.codesynth.gateway.submission;

import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.Language;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.ProblemFormat;
import io.codesynth.contracts.SandboxLimits;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a job in CodeSynth's own JSON format:
 * <pre>{"name": "...", "samplesPerTask": 4, "decoding": {...}, "limits": {...},
 *  "problems": [{"taskId", "format", "language", "prompt", "entryPoint", "tests", "heldOutTests", "testSetupCode"}]}</pre>
 */
final class JsonJobReader {

    private static final Set<String> LIMIT_FIELDS = new LinkedHashSet<>(List.of(
            "cpuSeconds", "wallSeconds", "memoryMb", "maxProcesses", "maxFileSizeKb", "maxOpenFiles", "maxOutputKb"));

    private JsonJobReader() {
    }

    /** The job, or null when the body is unusable (the reasons are in {@code violations}). */
    static JobDraft read(InputStream body, Violations violations) {
        JsonNode root;
        try {
            root = JobJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            violations.add("body", JobJson.lineOf(e), JobJson.describe(e));
            return null;
        }
        if (root == null || root.isMissingNode()) {
            violations.add("body", null, "is empty; expected a JSON object with a 'problems' array");
            return null;
        }
        if (!root.isObject()) {
            violations.add("body", null, "must be a JSON object with a 'problems' array");
            return null;
        }
        JsonObjectReader job = new JsonObjectReader(root, "", null, violations);

        String name = job.string("name").orElse(null);
        JobRules.checkName(name, "name", violations);
        int samples = job.integer("samplesPerTask").orElse(1);
        JobRules.checkSamples(samples, "samplesPerTask", violations);
        DecodingSettings decoding = job.object("decoding").map(d -> {
            d.rejectUnknown(DecodingSettingsReader.FIELDS);
            return DecodingSettingsReader.read(d);
        }).orElseGet(DecodingSettings::defaults);
        SandboxLimits limits = job.object("limits").map(JsonJobReader::limits).orElse(null);

        List<JobRules.Located> problems = new ArrayList<>();
        JsonNode list = root.get("problems");
        if (list == null || list.isNull()) {
            violations.add("problems", null, "is required: an array of problems");
        } else if (!list.isArray()) {
            violations.add("problems", null, "must be an array of problems");
        } else {
            for (int i = 0; i < list.size(); i++) {
                String path = "problems[" + i + "]";
                JsonNode element = list.get(i);
                if (!element.isObject()) {
                    violations.add(path, null, "must be an object");
                    continue;
                }
                Problem problem = problem(new JsonObjectReader(element, path, null, violations));
                if (problem != null) {
                    problems.add(new JobRules.Located(problem, path + ".taskId", null, path));
                }
            }
            if (list.isEmpty()) {
                violations.add("problems", null, "must contain at least one problem");
            }
            JobRules.checkUniqueTaskIds(problems, violations);
        }
        if (!violations.isEmpty()) {
            return null;
        }
        return new JobDraft(name, samples, decoding, limits, problems.stream().map(JobRules.Located::problem).toList());
    }

    private static Problem problem(JsonObjectReader p) {
        int errorsBefore = p.violations().count();
        String taskId = p.requiredId("taskId", "");
        ProblemFormat format = p.string("format").map(id -> parse(p, "format", () -> ProblemFormat.fromId(id)))
                .orElse(ProblemFormat.HUMANEVAL);
        Language language = p.string("language").map(id -> parse(p, "language", () -> Language.fromId(id)))
                .orElse(Language.PYTHON);
        String prompt = p.requiredString("prompt", "");
        String entryPoint = format == ProblemFormat.HUMANEVAL
                ? p.requiredString("entryPoint", " for a humaneval problem (the function that check() calls)")
                : p.string("entryPoint").orElse(null);
        List<String> tests = p.requiredStrings("tests", ": a non-empty array of test code");
        List<String> heldOut = p.strings("heldOutTests").orElse(List.of());
        String setup = p.string("testSetupCode").orElse(null);
        if (p.violations().count() > errorsBefore) {
            return null;
        }
        try {
            return new Problem(taskId, format, language, prompt, entryPoint, tests, heldOut, setup);
        } catch (IllegalArgumentException e) {
            p.violations().add(p.path(), p.line(), e.getMessage());
            return null;
        }
    }

    private static SandboxLimits limits(JsonObjectReader l) {
        int errorsBefore = l.violations().count();
        l.rejectUnknown(LIMIT_FIELDS);
        SandboxLimits limits = new SandboxLimits(
                positive(l, "cpuSeconds", l.number("cpuSeconds").orElse(null)),
                positive(l, "wallSeconds", l.number("wallSeconds").orElse(null)),
                positive(l, "memoryMb", l.integer("memoryMb").orElse(null)),
                positive(l, "maxProcesses", l.integer("maxProcesses").orElse(null)),
                positive(l, "maxFileSizeKb", l.integer("maxFileSizeKb").orElse(null)),
                positive(l, "maxOpenFiles", l.integer("maxOpenFiles").orElse(null)),
                positive(l, "maxOutputKb", l.integer("maxOutputKb").orElse(null)));
        return l.violations().count() > errorsBefore ? null : limits;
    }

    private static <N extends Number> N positive(JsonObjectReader l, String name, N value) {
        if (value != null && !(value.doubleValue() > 0)) {
            l.error(name, "must be positive, was " + value);
        }
        return value;
    }

    private static <T> T parse(JsonObjectReader p, String name, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            p.error(name, e.getMessage());
            return null;
        }
    }
}
