package io.codesynth.generation.decode;

import io.codesynth.contracts.GenerationRequest;
import io.codesynth.diffusion.decoding.DecodeRequest;

/**
 * A generation request checked and tokenized, ready to join a batch.
 *
 * @param decode the prompt ids, decoding options and sample count for the decoder
 */
public record PreparedRequest(GenerationRequest request, DecodeRequest decode) {

    /** Rows this request adds to a batch. */
    public int rows() {
        return decode.samples();
    }
}
