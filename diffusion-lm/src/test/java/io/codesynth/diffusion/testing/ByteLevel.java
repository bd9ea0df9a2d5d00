package io.codesynth.diffusion.testing;

/**
 * GPT-2's byte-to-symbol table used by byte-level BPE vocabularies: printable Latin-1 bytes stand for
 * themselves, the others (controls, space, ...) are shifted to code points from 256 up, so that every
 * token is printable text ({@code Ġ} is the space byte, {@code Ċ} the newline).
 */
public final class ByteLevel {

    private static final String[] SYMBOLS = new String[256];

    static {
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            SYMBOLS[b] = Character.toString(printable ? b : 256 + shifted++);
        }
    }

    private ByteLevel() {
    }

    /** The vocabulary symbol of byte {@code b}. */
    public static String symbol(int b) {
        return SYMBOLS[b];
    }
}
