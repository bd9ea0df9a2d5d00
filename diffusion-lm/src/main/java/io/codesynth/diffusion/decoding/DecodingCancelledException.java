package io.codesynth.diffusion.decoding;

import java.util.concurrent.CancellationException;

/**
 * A {@link DiffusionDecoder#decode} call stopped early because its caller cancelled it (a worker shutting down).
 * Nothing was wrong with the requests: they produced no result and can be decoded again later, with the same
 * outcome, since every sample's random stream starts from its seed.
 */
public final class DecodingCancelledException extends CancellationException {

    private final int modelForwards;

    public DecodingCancelledException(int modelForwards) {
        super("decoding was cancelled after " + modelForwards + " forward passes");
        this.modelForwards = modelForwards;
    }

    /** Forward passes the call had run when it stopped. */
    public int modelForwards() {
        return modelForwards;
    }
}
