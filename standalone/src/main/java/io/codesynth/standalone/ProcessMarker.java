package io.codesynth.standalone;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The marks on the command line of every process of a multi-process run: {@code -Dcodesynth.process=<name>} and
 * {@code -Dcodesynth.data-dir=<dir>}. They let a later run (and a test) find the processes a killed run left
 * behind in the process table, and tell them from anything else that runs java.
 */
final class ProcessMarker {

    static final String PROCESS_PROPERTY_PREFIX = "-Dcodesynth.process=";
    static final String DATA_DIR_PROPERTY_PREFIX = "-Dcodesynth.data-dir=";

    private ProcessMarker() {
    }

    /** The live processes marked as belonging to a run on {@code dataDir}. */
    static List<ProcessHandle> processesOf(Path dataDir) {
        String mark = DATA_DIR_PROPERTY_PREFIX + dataDir.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments()
                        .map(arguments -> Arrays.asList(arguments).contains(mark))
                        .orElse(false))
                .toList();
    }

    /** The name a process of a run was started under ({@code generation-worker-2}), if it carries the mark. */
    static Optional<String> nameOf(ProcessHandle process) {
        return process.info().arguments().flatMap(arguments -> Arrays.stream(arguments)
                .filter(argument -> argument.startsWith(PROCESS_PROPERTY_PREFIX))
                .map(argument -> argument.substring(PROCESS_PROPERTY_PREFIX.length()))
                .findFirst());
    }
}
