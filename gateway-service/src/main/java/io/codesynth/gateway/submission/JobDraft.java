package io.codesynth.gateway.submission;

import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.Problem;
import io.codesynth.contracts.SandboxLimits;
import java.util.List;

/**
 * A validated job as the client described it, before it has an id.
 *
 * @param name           the client's name for the job, or null for a generated one
 * @param samplesPerTask candidates to generate per problem
 * @param decoding       decoding settings with defaults applied; the seed may still be null
 * @param limits         sandbox limits, or null for the verification worker's defaults
 * @param problems       the problems, in submission order; never empty, task ids unique
 */
record JobDraft(String name, int samplesPerTask, DecodingSettings decoding, SandboxLimits limits, List<Problem> problems) {

    JobDraft {
        problems = List.copyOf(problems);
    }
}
