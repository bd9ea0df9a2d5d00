package io.codesynth.contracts;

import java.util.List;

/**
 * The pipeline's Kafka consumer groups. Every worker of one kind joins its kind's group, so Kafka spreads the
 * partitions of the group's input topic over the running workers; a deployment scales a stage by running more
 * members of its group (up to the topic's partitions), and its autoscaler reads the group's lag.
 */
public final class ConsumerGroups {

    /** Generation workers; input {@link Topics#GENERATION}. */
    public static final String GENERATION_WORKER = "generation-worker";
    /** Verification workers; input {@link Topics#CANDIDATES}. */
    public static final String VERIFICATION_WORKER = "verification-worker";
    /** results-service; inputs {@link Topics#JOBS}, {@link Topics#CANDIDATES}, {@link Topics#VERDICTS} and the dead letters. */
    public static final String RESULTS_SERVICE = "results-service";

    /** Every group, in pipeline order. */
    public static final List<String> ALL = List.of(GENERATION_WORKER, VERIFICATION_WORKER, RESULTS_SERVICE);

    private ConsumerGroups() {
    }
}
