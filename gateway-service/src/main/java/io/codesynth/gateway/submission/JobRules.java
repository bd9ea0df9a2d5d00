package io.codesynth.gateway.submission;

import io.codesynth.contracts.Problem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checks every job passes, whichever format it came in. */
final class JobRules {

    static final int MIN_SAMPLES = 1;
    static final int MAX_SAMPLES = 200;
    static final int MAX_NAME_LENGTH = 200;

    /** A parsed problem with where it came from, for error reports that point at it. */
    record Located(Problem problem, String taskIdField, Integer line, String origin) {
    }

    private JobRules() {
    }

    static void checkSamples(int samples, String field, Violations violations) {
        if (samples < MIN_SAMPLES || samples > MAX_SAMPLES) {
            violations.add(field, null, "must be between " + MIN_SAMPLES + " and " + MAX_SAMPLES + ", was " + samples);
        }
    }

    static void checkName(String name, String field, Violations violations) {
        if (name == null) {
            return;
        }
        if (name.isBlank()) {
            violations.add(field, null, "must not be blank (leave it out for a generated name)");
        } else if (name.length() > MAX_NAME_LENGTH) {
            violations.add(field, null, "must be at most " + MAX_NAME_LENGTH + " characters, was " + name.length());
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            violations.add(field, null, "must not contain control characters");
        }
    }

    /** A task id may appear once per job: results are reported by task id. */
    static void checkUniqueTaskIds(List<Located> problems, Violations violations) {
        Map<String, Located> firstById = new HashMap<>();
        for (Located located : problems) {
            Located first = firstById.putIfAbsent(located.problem().taskId(), located);
            if (first != null) {
                violations.add(located.taskIdField(), located.line(), "duplicate task id '" + located.problem().taskId()
                        + "': already used by " + first.origin());
            }
        }
    }
}
