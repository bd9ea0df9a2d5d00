package io.codesynth.results.progress;

import java.util.UUID;

/** Published (in-process) after a transaction that changed something of a job has committed. */
public record JobChanged(UUID jobId) {
}
