package io.codesynth.verification.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads newline-terminated UTF-8 lines, refusing lines above a size, so a stream can never exhaust the heap. */
final class BoundedLineReader {

    private final InputStream in;
    private final int maxLine;
    private final byte[] chunk = new byte[65536];
    private byte[] line = new byte[8192];
    private int lineLength;
    private int chunkStart;
    private int chunkEnd;

    BoundedLineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** The next line without its newline, or null at the end of the stream. */
    String readLine() throws IOException {
        lineLength = 0;
        while (true) {
            for (int i = chunkStart; i < chunkEnd; i++) {
                if (chunk[i] == '\n') {
                    append(chunkStart, i);
                    chunkStart = i + 1;
                    return new String(line, 0, lineLength, StandardCharsets.UTF_8);
                }
            }
            append(chunkStart, chunkEnd);
            chunkStart = 0;
            chunkEnd = in.read(chunk);
            if (chunkEnd < 0) {
                chunkEnd = 0;
                return null;
            }
        }
    }

    private void append(int from, int to) throws IOException {
        int count = to - from;
        if (lineLength + count > maxLine) {
            throw new IOException("line longer than " + maxLine + " bytes");
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, lineLength + count)));
        }
        System.arraycopy(chunk, from, line, lineLength, count);
        lineLength += count;
    }
}
