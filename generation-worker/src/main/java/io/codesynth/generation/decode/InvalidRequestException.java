package io.codesynth.generation.decode;

/**
 * A generation request this worker can never decode (settings out of range, a prompt longer than the model's
 * context, a malformed message): it goes to the dead-letter topic with this message as the reason.
 */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String reason) {
        super(reason);
    }

    public InvalidRequestException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
