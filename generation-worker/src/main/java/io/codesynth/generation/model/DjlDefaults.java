package io.codesynth.generation.model;

/**
 * JVM-wide defaults for DJL that must be in place before its engine starts. Offline by default: the worker
 * loads local checkpoints only and must never try to download an engine or a model at start-up.
 */
public final class DjlDefaults {

    static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private DjlDefaults() {
    }

    /** Sets {@code -Dai.djl.offline=true} unless the operator set the property either way. */
    public static void offlineUnlessSet() {
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
    }
}
