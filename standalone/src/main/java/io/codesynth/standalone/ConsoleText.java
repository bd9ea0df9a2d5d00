package io.codesynth.standalone;

import java.nio.charset.Charset;

/**
 * The demo's lines use two symbols beyond ASCII ({@code ·} between figures, {@code ×} in "5 tasks × 4 samples").
 * A console whose encoding lacks them (a C or POSIX locale, as on many CI machines) would show question marks;
 * there they become {@code |} and {@code x}.
 */
final class ConsoleText {

    private ConsoleText() {
    }

    /** {@code text} as a stream in {@code charset} can show it. */
    static String fit(String text, Charset charset) {
        if (charset.newEncoder().canEncode(text)) {
            return text;
        }
        return text.replace('·', '|').replace('×', 'x');
    }
}
