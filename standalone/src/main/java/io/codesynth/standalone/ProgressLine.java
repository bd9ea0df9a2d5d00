package io.codesynth.standalone;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;

/**
 * One line of progress. On a terminal it is rewritten in place (carriage return); otherwise, for logs
 * and CI, a line is printed each time the status itself changes, not on every tick of the clock.
 */
final class ProgressLine {

    private final PrintStream out;
    private final boolean inPlace;
    private String lastStatus;
    private int lastWidth;

    ProgressLine(PrintStream out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /** A progress line on standard output, rewritten in place when that is a terminal. */
    static ProgressLine onStandardOutput() {
        return new ProgressLine(System.out, standardOutputIsTerminal());
    }

    /** Shows {@code status} with the time elapsed so far. */
    void update(String status, Duration elapsed) {
        String line = ConsoleText.fit(status + " (" + seconds(elapsed) + ")", out.charset());
        if (inPlace) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            out.flush();
            lastWidth = line.length();
        } else if (!status.equals(lastStatus)) {
            out.println(line);
        }
        lastStatus = status;
    }

    /** Shows the final status and ends the line, so whatever is printed next starts on a fresh one. */
    void finish(String status, Duration elapsed) {
        if (inPlace) {
            update(status, elapsed);
            out.println();
        } else if (!status.equals(lastStatus)) {
            out.println(ConsoleText.fit(status + " (" + seconds(elapsed) + ")", out.charset()));
        }
        lastStatus = null;
        lastWidth = 0;
    }

    static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }

    /**
     * Whether standard output is a terminal. Java 22 added {@code Console.isTerminal()} (before, a
     * console existed only for terminals); {@code -Dcodesynth.progress=plain|line} overrides the guess.
     */
    static boolean standardOutputIsTerminal() {
        String forced = System.getProperty("codesynth.progress", "");
        if (!forced.isBlank()) {
            return forced.equalsIgnoreCase("line");
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
