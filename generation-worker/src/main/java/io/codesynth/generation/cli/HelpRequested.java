package io.codesynth.generation.cli;

/**
 * {@code --help} or {@code -h} was given: the command prints its usage to standard output and exits with status 0.
 * A usage exception, so a command that does not handle it still prints the usage, as for a wrong command line.
 */
final class HelpRequested extends UsageException {

    HelpRequested() {
        super("help requested");
    }
}
