package io.codesynth.verification.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps library logging out of a command's output: warnings and errors only (they go to the console). */
final class CliLogging {

    private CliLogging() {
    }

    static void warningsOnly() {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
