package io.codesynth.generation.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.codesynth.contracts.Candidate;
import io.codesynth.contracts.CandidateBatch;
import io.codesynth.contracts.DecodingAlgorithm;
import io.codesynth.contracts.DecodingSettings;
import io.codesynth.contracts.GenerationRequest;
import io.codesynth.contracts.WorkerId;
import io.codesynth.diffusion.decoding.DecoderSettings;
import io.codesynth.diffusion.decoding.DiffusionDecoder;
import io.codesynth.diffusion.model.DenoisingModel;
import io.codesynth.diffusion.model.ModelConfig;
import io.codesynth.generation.model.DeviceChoice;
import io.codesynth.generation.model.LoadedModel;
import io.codesynth.generation.model.ModelLoader;
import io.codesynth.generation.model.ModelSettings;
import io.codesynth.diffusion.model.RandomDreamCheckpoint;
import io.codesynth.generation.prompt.PromptFormat;
import io.codesynth.generation.testing.TestRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing and decoding requests with a real tiny random Dream checkpoint. */
class CandidateGeneratorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-02-03T04:05:06Z"), ZoneOffset.UTC);
    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-00000000abcd");
    private static final WorkerId WORKER = new WorkerId("gpu-node-3/48121");

    @TempDir
    static Path dir;

    private static LoadedModel model;
    private static CandidateGenerator generator;
    private static SimpleMeterRegistry meters;

    @BeforeAll
    static void load() {
        Path checkpoint = RandomDreamCheckpoint.write(dir.resolve("tiny"),
                RandomDreamCheckpoint.Dimensions.tiny().withMaxPositions(256), 3);
        model = ModelLoader.load(checkpoint, ModelSettings.defaults().withDevice(DeviceChoice.CPU)
                .withPromptFormat(Optional.of(PromptFormat.COMPLETION)));
        meters = new SimpleMeterRegistry();
        generator = new CandidateGenerator(model, new GenerationMetrics(meters), CLOCK, WORKER);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyRequestGetsOneBatchWithAllItsSamples() {
        GenerationRequest first = TestRequests.request(JOB, 0, "def add(a, b):\n", 3);
        GenerationRequest second = TestRequests.request(JOB, 1, "def longer_name(x):\n    return", 2);

        double tokensBefore = meters.get("codesynth.generation.tokens").counter().count();
        long decodesBefore = meters.get("codesynth.generation.decode").timer().count();

        List<GenerationOutcome> outcomes = generator.generate(
                List.of(generator.prepare(first), generator.prepare(second)));

        CandidateBatch batch = generated(outcomes.get(0));
        assertThat(batch.batchId()).isEqualTo(JOB + "/0/candidates");
        assertThat(batch.taskKey()).isEqualTo(first.taskKey());
        assertThat(batch.jobId()).isEqualTo(JOB);
        assertThat(batch.tenantId()).isEqualTo("acme");
        assertThat(batch.problem()).isEqualTo(first.problem());
        assertThat(batch.model().name()).isEqualTo("tiny");
        assertThat(batch.model().device()).isEqualTo("cpu");
        assertThat(batch.generatedAt()).isEqualTo(CLOCK.instant());
        assertThat(batch.generatedBy()).isEqualTo("gpu-node-3/48121");
        assertThat(generated(outcomes.get(1)).generatedBy()).isEqualTo("gpu-node-3/48121");
        assertThat(batch.candidates()).extracting(Candidate::candidateId)
                .containsExactly(JOB + "/0/0", JOB + "/0/1", JOB + "/0/2");
        assertThat(batch.candidates()).allSatisfy(candidate -> {
            assertThat(candidate.tokenIds()).hasSizeLessThanOrEqualTo(12);
            assertThat(candidate.revealSteps()).hasSameSizeAs(candidate.tokenIds());
            assertThat(candidate.forwardPasses()).isBetween(1, 12);
            assertThat(candidate.meanConfidence()).isBetween(0.0, 1.0);
            assertThat(candidate.completion()).isEqualTo(model.tokenizer().decode(
                    candidate.tokenIds().stream().mapToLong(Integer::longValue).toArray(), true));
        });
        assertThat(generated(outcomes.get(1)).candidates()).extracting(Candidate::candidateId)
                .containsExactly(JOB + "/1/0", JOB + "/1/1");
        assertThat(meters.get("codesynth.generation.tokens").counter().count() - tokensBefore).isEqualTo(5 * 12);
        assertThat(meters.get("codesynth.generation.decode").timer().count() - decodesBefore).isEqualTo(1);
    }

    @Test
    void theSameRequestDecodesToTheSameCandidatesAloneOrInAnotherBatch() {
        GenerationRequest request = TestRequests.request(JOB, 7, "def twice(x):\n", 3);
        GenerationRequest other = TestRequests.request(JOB, 8, "class Stack:\n    def push(self, item):\n", 2);

        CandidateBatch alone = generated(generator.generate(List.of(generator.prepare(request))).get(0));
        CandidateBatch again = generated(generator.generate(List.of(generator.prepare(request))).get(0));
        CandidateBatch mixed = generated(generator.generate(
                List.of(generator.prepare(other), generator.prepare(request))).get(1));

        assertThat(again.candidates()).extracting(Candidate::candidateId, Candidate::tokenIds)
                .isEqualTo(alone.candidates().stream().map(c -> tuple(c.candidateId(), c.tokenIds())).toList());
        assertThat(mixed.candidates()).extracting(Candidate::completion)
                .isEqualTo(alone.candidates().stream().map(Candidate::completion).toList());
        // the samples differ from each other (each has its own seed)
        assertThat(alone.candidates()).extracting(Candidate::tokenIds).doesNotHaveDuplicates();
    }

    @Test
    void aPromptLongerThanTheContextIsRejectedBeforeDecoding() {
        GenerationRequest tooLong = TestRequests.request(JOB, 2, TestRequests.longPrompt(300), 1);

        assertThatThrownBy(() -> generator.prepare(tooLong)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("exceeds the model's context of 256");
    }

    @Test
    void invalidSettingsAreRejectedBeforeDecoding() {
        DecodingSettings settings = new DecodingSettings(DecodingAlgorithm.ENTROPY, 12, 12, 0.4, 0.0, null, 0, 1e-3,
                null, null, null);
        GenerationRequest request = TestRequests.request(JOB, 3, "def f():\n", 1, settings);

        assertThatThrownBy(() -> generator.prepare(request)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("topP: must be in (0, 1]");
    }

    @Test
    void aRequestWhoseDecodingFailsFailsAloneAndTheRestOfItsBatchCompletes() {
        PreparedRequest poisoned = generator.prepare(TestRequests.request(JOB, 11, TestRequests.longPrompt(40), 2));
        int poisonedLength = poisoned.decode().canvasLength();
        DenoisingModel failing = new FailingOnLength(model.model(), poisonedLength);
        DiffusionDecoder decoder = new DiffusionDecoder(failing,
                DecoderSettings.forModel(model.model().config(), model.tokenizer().idCount(), Set.of()),
                ids -> model.tokenizer().decode(Arrays.stream(ids).asLongStream().toArray(), true));
        LoadedModel withFailure = new LoadedModel(model.directory(), model.model(), model.tokenizer(), decoder,
                model.prompts(), model.info(), model.parameters(), model.randomWeights());
        CandidateGenerator isolating = new CandidateGenerator(withFailure, new GenerationMetrics(new SimpleMeterRegistry()),
                CLOCK, WORKER);
        List<PreparedRequest> batch = List.of(
                isolating.prepare(TestRequests.request(JOB, 10, "def a():\n", 2)),
                poisoned,
                isolating.prepare(TestRequests.request(JOB, 12, "def b():\n", 1)));

        List<GenerationOutcome> outcomes = isolating.generate(batch);

        assertThat(generated(outcomes.get(0)).candidates()).hasSize(2);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(GenerationOutcome.Failed.class, failed -> assertThat(
                failed.reason()).isEqualTo("decoding failed: canvases of " + poisonedLength + " positions are poison"));
        assertThat(generated(outcomes.get(2)).candidates()).hasSize(1);
    }

    private static CandidateBatch generated(GenerationOutcome outcome) {
        assertThat(outcome).isInstanceOf(GenerationOutcome.Generated.class);
        return ((GenerationOutcome.Generated) outcome).batch();
    }

    /**
     * The real model, refusing canvases of one length: the longest request's, so every forward that holds one of
     * its rows fails and no other does.
     */
    private record FailingOnLength(DenoisingModel delegate, int poisonedLength) implements DenoisingModel {

        @Override
        public ModelConfig config() {
            return delegate.config();
        }

        @Override
        public NDArray forward(NDManager manager, NDArray inputIds, NDArray attentionMask) {
            if (inputIds.getShape().get(1) == poisonedLength) {
                throw new IllegalStateException("canvases of " + poisonedLength + " positions are poison");
            }
            return delegate.forward(manager, inputIds, attentionMask);
        }

        @Override
        public void close() {
        }
    }
}
