package io.codesynth.diffusion.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/**
 * How to run a checkpoint.
 *
 * @param device          where weights live and the forward pass runs; null picks {@link ComputeDevices#preferred()}
 * @param dtype           compute and weight type: {@link DataType#FLOAT32} (the default, and the only sensible
 *                        choice on CPU, where F16 is about 65x slower) or {@link DataType#FLOAT16} (GPU). RMSNorm
 *                        statistics, softmax and the returned logits are always F32.
 * @param causal          attend only to earlier positions, as an autoregressive model does; false (Dream's
 *                        bidirectional attention) for decoding, true to compare with an autoregressive reference
 * @param intraOpThreads  threads one engine operation may use; 0 keeps the engine's default
 */
public record ModelOptions(Device device, DataType dtype, boolean causal, int intraOpThreads) {

    public ModelOptions {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("dtype must be FLOAT32 or FLOAT16, not " + dtype);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0, not " + intraOpThreads);
        }
    }

    /** Preferred device, F32, bidirectional attention, the engine's thread count. */
    public static ModelOptions defaults() {
        return new ModelOptions(null, DataType.FLOAT32, false, 0);
    }

    public ModelOptions withDevice(Device newDevice) {
        return new ModelOptions(newDevice, dtype, causal, intraOpThreads);
    }

    public ModelOptions withDtype(DataType newDtype) {
        return new ModelOptions(device, newDtype, causal, intraOpThreads);
    }

    public ModelOptions withCausal(boolean newCausal) {
        return new ModelOptions(device, dtype, newCausal, intraOpThreads);
    }

    public ModelOptions withIntraOpThreads(int threads) {
        return new ModelOptions(device, dtype, causal, threads);
    }
}
