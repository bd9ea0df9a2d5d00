package io.codesynth.diffusion.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Device choice and thread counts for the PyTorch engine. */
public final class ComputeDevices {

    /** The engine this module runs on. */
    public static final String ENGINE = "PyTorch";

    private static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    private ComputeDevices() {
    }

    /** The first GPU when the engine sees one, else the CPU. Starts the engine (and extracts its native libraries on first use). */
    public static Device preferred() {
        return engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** The PyTorch engine, started on first call. */
    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /**
     * Sets how many threads one operation may use (PyTorch's intra-op pool), now and for an engine not yet
     * started. Values below 1 are ignored.
     */
    public static void setIntraOpThreads(int threads) {
        if (threads < 1) {
            return;
        }
        System.setProperty(INTRA_OP_PROPERTY, Integer.toString(threads));
        engine();
        JniUtils.setNumThreads(threads);
    }

    /**
     * Sets PyTorch's inter-op pool size. PyTorch accepts this only before the engine runs its first parallel
     * operation, so it takes effect only when called before the engine starts.
     */
    public static void setInterOpThreadsBeforeStart(int threads) {
        if (threads >= 1) {
            System.setProperty(INTER_OP_PROPERTY, Integer.toString(threads));
        }
    }

    /** The intra-op thread count the engine uses now. */
    public static int intraOpThreads() {
        engine();
        return JniUtils.getNumThreads();
    }
}
