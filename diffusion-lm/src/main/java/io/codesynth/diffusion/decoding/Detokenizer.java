package io.codesynth.diffusion.decoding;

/** Turns generated token ids into text; the tokenizer package supplies the real one. */
@FunctionalInterface
public interface Detokenizer {

    String decode(int[] tokenIds);
}
