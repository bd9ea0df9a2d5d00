package io.codesynth.generation.prompt;

import java.util.Locale;
import java.util.Optional;

/**
 * How a problem becomes model input and how the model's answer becomes a completion.
 *
 * <ul>
 *   <li>{@link #INSTRUCT}: DiffuCoder-Instruct's chat template around a request in words ("Complete the
 *       following python function: ..."); the completion is the code of the answer's first fenced block, or the
 *       whole answer when it has none.</li>
 *   <li>{@link #COMPLETION}: the raw prompt; the generated text is the completion itself (base and small
 *       code models that continue text).</li>
 * </ul>
 */
public enum PromptFormat {
    INSTRUCT, COMPLETION;

    /** The chat template's opening token; a tokenizer that has it belongs to an instruct model. */
    public static final String IM_START = "<|im_start|>";

    /** The format a tokenizer suggests: instruct when it knows {@value #IM_START}, else completion. */
    public static PromptFormat detect(boolean tokenizerHasImStart) {
        return tokenizerHasImStart ? INSTRUCT : COMPLETION;
    }

    /** Parses {@code instruct}, {@code completion} or {@code auto} (empty: detect from the tokenizer). */
    public static Optional<PromptFormat> parse(String value) {
        String wanted = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (wanted.equals("AUTO")) {
            return Optional.empty();
        }
        for (PromptFormat format : values()) {
            if (format.name().equals(wanted)) {
                return Optional.of(format);
            }
        }
        throw new IllegalArgumentException("unknown prompt format '" + value + "', expected auto, instruct or completion");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
