package io.codesynth.generation.cli;

/** The command line is wrong; the message says how, and the command prints its usage after it. */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
