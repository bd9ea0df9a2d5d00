package io.codesynth.gateway.submission;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request body read through a byte limit and a SHA-256 digest. Exceeding the limit fails the read
 * that crosses it, so an oversized body is rejected after at most one buffer beyond the limit instead
 * of being buffered whole; the flag survives parsers that wrap the exception.
 */
final class BoundedBody extends FilterInputStream {

    /** Thrown by the read that crosses the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("request body exceeds " + limit + " bytes");
        }
    }

    private final long limit;
    private final MessageDigest digest;
    private long count;
    private boolean exceeded;

    BoundedBody(InputStream in, long limit) {
        super(in);
        this.limit = limit;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes must still be counted and digested
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public void close() {
        // the container owns the request stream; parsers that close their source must not end it early
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what the parser left unread, so the digest covers the whole body. */
    void drain() throws IOException {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // digesting and counting happen in read
        }
    }

    boolean exceeded() {
        return exceeded;
    }

    /** Hex SHA-256 of the bytes read so far (call after {@link #drain()}). */
    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private void counted(int n) throws TooLargeException {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new TooLargeException(limit);
        }
    }
}
