package io.codesynth.diffusion.weights;

/**
 * A checkpoint that cannot serve the model: a tensor is missing, has the wrong shape or an unsupported
 * type, or a file is not valid safetensors. The message names the tensor and the files involved.
 */
public class WeightsException extends RuntimeException {

    public WeightsException(String message) {
        super(message);
    }

    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
