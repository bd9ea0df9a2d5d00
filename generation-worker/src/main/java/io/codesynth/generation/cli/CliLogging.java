package io.codesynth.generation.cli;

/**
 * Sends the offline commands' log lines to stderr (stdout carries their results) unless the operator chose a
 * logback configuration. Must run before the first logger is created, i.e. first thing in {@code main}.
 */
final class CliLogging {

    static final String CONFIGURATION_PROPERTY = "logback.configurationFile";
    static final String CONFIGURATION = "io/codesynth/generation/cli/cli-logback.xml";

    private CliLogging() {
    }

    static void toStandardError() {
        if (System.getProperty(CONFIGURATION_PROPERTY) == null) {
            System.setProperty(CONFIGURATION_PROPERTY, CONFIGURATION);
        }
    }
}
