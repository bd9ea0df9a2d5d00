package io.codesynth.demomodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesynth.diffusion.tokenizer.ModelTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTokenizerTest {

    @TempDir
    static Path dir;
    static ModelTokenizer tokenizer;
    static BytePairTrainer.Result learnt;

    @BeforeAll
    static void buildTokenizer() {
        long started = System.nanoTime();
        List<GeneratedProblem> corpus = new ProblemGenerator(42).generate(Split.TRAIN, 0, DemoTokenizer.DEFAULT_CORPUS_PROBLEMS);
        learnt = BytePairTrainer.train(DemoTokenizer.corpus(corpus), DemoTokenizer.DEFAULT_MERGES);
        DemoTokenizer.write(learnt, dir);
        System.out.printf("learnt %d merges on %d problems in %.1f s%n", learnt.merges().size(), corpus.size(),
                (System.nanoTime() - started) / 1e9);
        tokenizer = ModelTokenizer.load(dir);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void specialTokensFollowTheVocabularyWithoutAGap() {
        int vocabulary = learnt.vocabulary().size();
        assertThat(vocabulary).isEqualTo(256 + learnt.merges().size());
        for (int i = 0; i < DemoTokenizer.SPECIAL_TOKENS.size(); i++) {
            String special = DemoTokenizer.SPECIAL_TOKENS.get(i);
            assertThat(tokenizer.tokenId(special)).hasValue(vocabulary + i);
            assertThat(tokenizer.encode(special)).containsExactly(vocabulary + i);
            assertThat(tokenizer.specialTokens()).containsKey(special);
        }
        assertThat(tokenizer.idCount()).isEqualTo(vocabulary + DemoTokenizer.SPECIAL_TOKENS.size());
        System.out.printf("vocabulary %d (256 bytes + %d merges) + %d special tokens = %d ids%n", vocabulary,
                learnt.merges().size(), DemoTokenizer.SPECIAL_TOKENS.size(), tokenizer.idCount());
    }

    @Test
    void problemsRoundTripExactlyIncludingHeldOutOnesAndOtherSeeds() {
        List<GeneratedProblem> problems = new java.util.ArrayList<>(new ProblemGenerator(99).generate(Split.TRAIN, 0, 300));
        problems.addAll(new ProblemGenerator(42).generate(Split.HELD_OUT, 0, 300));
        long promptTokens = 0;
        long completionTokens = 0;
        for (GeneratedProblem problem : problems) {
            for (String text : List.of(problem.prompt(), problem.canonicalSolution(), problem.test(), problem.heldOutTest())) {
                assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
            }
            String sequence = problem.prompt() + problem.canonicalSolution() + DemoTokenizer.END_OF_TEXT;
            assertThat(tokenizer.decode(tokenizer.encode(sequence))).isEqualTo(sequence);
            TrainingExample example = TrainingExample.of(problem, tokenizer);
            assertThat(tokenizer.decode(example.promptIds()) + tokenizer.decode(example.completionIds())).isEqualTo(sequence);
            promptTokens += example.promptIds().length;
            completionTokens += example.completionIds().length;
        }
        double prompt = promptTokens / (double) problems.size();
        double completion = completionTokens / (double) problems.size();
        System.out.printf("tokens per problem: prompt %.1f + completion %.1f = %.1f (%d problems)%n",
                prompt, completion, prompt + completion, problems.size());
        assertThat(prompt + completion).isLessThan(160);
    }

    @Test
    void paddedExamplesFillTheWindowWithEndTokensOrAreLeftOut() {
        GeneratedProblem problem = new ProblemGenerator(42).generate(Split.TRAIN, 0);
        long endOfText = tokenizer.tokenId(DemoTokenizer.END_OF_TEXT).getAsInt();
        long[] solution = tokenizer.encode(problem.canonicalSolution());

        TrainingExample padded = TrainingExample.padded(problem, tokenizer, solution.length + 5).orElseThrow();
        assertThat(padded.promptIds()).isEqualTo(tokenizer.encode(problem.prompt()));
        assertThat(padded.completionIds()).hasSize(solution.length + 5).startsWith(solution);
        assertThat(java.util.Arrays.copyOfRange(padded.completionIds(), solution.length, solution.length + 5))
                .containsOnly(endOfText);
        assertThat(TrainingExample.padded(problem, tokenizer, solution.length + 1).orElseThrow().completionIds())
                .isEqualTo(TrainingExample.of(problem, tokenizer).completionIds());
        assertThat(TrainingExample.padded(problem, tokenizer, solution.length)).as("no room for the end token").isEmpty();
        assertThat(tokenizer.tokenId("<|im_start|>")).as("a completion model: no chat markers").isEmpty();
    }

    @Test
    void anyTextStillRoundTripsThroughTheByteAlphabet() {
        String text = "naïve → ünïcode\ttabs\r\n  and 日本語 😀 <|mask|> stays one token";
        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
        assertThat(tokenizer.encode("<|mask|>")).containsExactly(tokenizer.tokenId(DemoTokenizer.MASK).getAsInt());
    }

    @Test
    void trainingIsDeterministic() {
        List<String> corpus = DemoTokenizer.corpus(new ProblemGenerator(42).generate(Split.TRAIN, 0, 300));
        BytePairTrainer.Result first = BytePairTrainer.train(corpus, 300);
        BytePairTrainer.Result second = BytePairTrainer.train(corpus, 300);
        assertThat(second.vocabulary()).isEqualTo(first.vocabulary());
    }
}
