package io.codesynth.contracts;

import java.util.List;

/**
 * The pipeline's Kafka topics. Every topic has a dead-letter twin {@code <topic>-dlt} that receives
 * the messages its consumers could not process, with the reason in the record headers.
 *
 * <p>Keys: the task topics (generation, candidates, verdicts) are keyed by the task key, so a task's
 * messages stay ordered on one partition; the jobs and results topics are keyed by the job id, so a
 * job's {@link TaskCompleted}s and its final {@link JobCompleted} arrive in order. The record header
 * {@link #TYPE_HEADER} names the message type ({@link MessageTypes}); {@link Schemas} has the JSON Schemas.
 */
public final class Topics {

    /** {@link JobSubmitted}, one per accepted job; key = job id. */
    public static final String JOBS = "codesynth.jobs.v1";
    /** {@link GenerationRequest}, one per task; key = task key. */
    public static final String GENERATION = "codesynth.generation.v1";
    /** {@link CandidateBatch}, one per generation request; key = task key. */
    public static final String CANDIDATES = "codesynth.candidates.v1";
    /** {@link VerificationReport}, one per candidate batch; key = task key. */
    public static final String VERDICTS = "codesynth.verdicts.v1";
    /** The public results topic: {@link TaskCompleted} and {@link JobCompleted}; key = job id. */
    public static final String RESULTS = "codesynth.results.v1";

    /** Suffix of dead-letter topics. */
    public static final String DLT_SUFFIX = "-dlt";

    /** Header naming the message type on every record, so one topic can carry several records. */
    public static final String TYPE_HEADER = "codesynth-type";

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}. */
    public static String dlt(String topic) {
        return topic + DLT_SUFFIX;
    }

    /** The main topics, in pipeline order. */
    public static List<String> all() {
        return List.of(JOBS, GENERATION, CANDIDATES, VERDICTS, RESULTS);
    }

    /** The main topics followed by their dead-letter topics. */
    public static List<String> allWithDeadLetters() {
        return all().stream().flatMap(t -> java.util.stream.Stream.of(t, dlt(t))).toList();
    }
}
