package io.codesynth.contracts;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Which worker process produced a message, so that a user running several generation or verification workers
 * (one Kafka consumer group per kind) can see how the work spread: it travels as
 * {@link CandidateBatch#generatedBy()} and {@link VerificationReport#verifiedBy()}.
 *
 * <p>Configured by the setting {@value #SETTING} (environment variable {@value #ENVIRONMENT_VARIABLE}); when
 * that is empty, the worker is named {@code <hostname>/<pid>}, e.g. {@code gpu-node-3/48121}, which tells
 * processes apart on one machine and across machines.
 *
 * @param value at most {@value #MAX_LENGTH} characters, every one of them printable (no control, format,
 *              separator, private-use or unassigned characters), not blank
 */
public record WorkerId(String value) {

    /** The setting that names a worker. */
    public static final String SETTING = "codesynth.worker.id";
    /** The environment variable that binds {@link #SETTING}. */
    public static final String ENVIRONMENT_VARIABLE = "CODESYNTH_WORKER_ID";
    /** The longest worker id, in characters (Unicode code points). */
    public static final int MAX_LENGTH = 200;

    public WorkerId {
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException("a worker id " + problem);
        }
    }

    /**
     * The worker id of a configured value: the value without surrounding white space, or, when it is null or
     * blank, {@link #defaultId()}.
     *
     * @throws IllegalArgumentException naming {@value #SETTING} when the value is too long or not printable
     */
    public static WorkerId of(String configuredOrBlank) {
        if (configuredOrBlank == null || configuredOrBlank.isBlank()) {
            return defaultId();
        }
        String value = configuredOrBlank.strip();
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException(SETTING + " (environment variable " + ENVIRONMENT_VARIABLE + ") "
                    + problem);
        }
        return new WorkerId(value);
    }

    /** {@code <hostname>/<pid>} of this process. */
    public static WorkerId defaultId() {
        return new WorkerId(defaultValue(hostName(() -> InetAddress.getLocalHost().getHostName(), System.getenv()),
                ProcessHandle.current().pid()));
    }

    /**
     * {@code <host>/<pid>}; unprintable characters of the host name become {@code ?}, and a host name too long
     * for the whole to fit is cut.
     */
    static String defaultValue(String host, long pid) {
        String suffix = "/" + pid;
        StringBuilder printable = new StringBuilder();
        host.strip().codePoints().forEach(c -> printable.appendCodePoint(printable(c) ? c : '?'));
        String name = printable.isEmpty() ? "localhost" : printable.toString();
        int room = MAX_LENGTH - suffix.length();
        if (name.codePointCount(0, name.length()) > room) {
            name = name.substring(0, name.offsetByCodePoints(0, room));
        }
        return name + suffix;
    }

    /** The local host's name, else the environment's {@code HOSTNAME}, else {@code localhost}. */
    static String hostName(Callable<String> localHost, Map<String, String> environment) {
        try {
            String name = localHost.call();
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        } catch (Exception e) {
            // no resolvable local host name (a container without its name in /etc/hosts): use the environment's
        }
        String fromEnvironment = environment.get("HOSTNAME");
        return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment.strip();
    }

    /** What is wrong with a worker id, worded to follow "a worker id" or a setting's name; null when nothing. */
    static String problemWith(String value) {
        if (value == null || value.isBlank()) {
            return "must not be blank";
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, was " + length;
        }
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (!printable(c)) {
                return String.format("must be printable, but character %d is U+%04X", value.codePointCount(0, i) + 1, c);
            }
            i += Character.charCount(c);
        }
        return null;
    }

    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
