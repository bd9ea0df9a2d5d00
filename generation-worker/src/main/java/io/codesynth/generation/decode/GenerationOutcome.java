package io.codesynth.generation.decode;

import io.codesynth.contracts.CandidateBatch;

/** What became of one request in a batch: its candidates, or why it cannot be decoded. */
public sealed interface GenerationOutcome {

    /** All candidates of the request, ready to publish. */
    record Generated(CandidateBatch batch) implements GenerationOutcome {
    }

    /**
     * The request failed on its own (the rest of its batch did not): it belongs on the dead-letter topic.
     *
     * @param reason one line saying why, for the dead letter's reason header
     */
    record Failed(String reason, Exception cause) implements GenerationOutcome {
    }
}
