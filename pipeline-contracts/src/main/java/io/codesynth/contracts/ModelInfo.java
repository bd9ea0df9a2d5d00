package io.codesynth.contracts;

/** The model that produced a candidate batch: its name, and where and in what precision it ran. */
public record ModelInfo(String name, String device, String dtype) {

    public ModelInfo {
        Require.nonBlank(name, "model.name");
    }
}
