package io.codesynth.demomodel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Training or held-out. A composition's split depends only on its operation sequence ({@link Composition#shape()}),
 * through a fixed hash, so held-out problems test operation chains the model never saw in training, whatever their
 * constants, argument names or inputs. About {@value #HELD_OUT_PERCENT}% of shapes are held out.
 */
public enum Split {
    TRAIN,
    HELD_OUT;

    public static final int HELD_OUT_PERCENT = 10;

    public static Split of(Composition composition) {
        return ofShape(composition.shape());
    }

    /** The split of an operation sequence spelled as {@link Composition#shape()} spells it. */
    public static Split ofShape(String shape) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        long bucket = 0;
        for (int i = 0; i < 8; i++) {
            bucket = (bucket << 8) | (digest[i] & 0xff);
        }
        return Long.remainderUnsigned(bucket, 100) < HELD_OUT_PERCENT ? HELD_OUT : TRAIN;
    }
}
