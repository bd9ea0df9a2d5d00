package io.codesynth.generation;

import io.codesynth.generation.batching.MicroBatcher;
import io.codesynth.generation.model.DeviceChoice;
import io.codesynth.generation.model.DtypeChoice;
import io.codesynth.generation.model.ModelSettings;
import io.codesynth.generation.prompt.PromptFormat;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the generation worker ({@code codesynth.generation.*}); defaults in {@code generation-worker.yml}.
 * Checked when the service starts, with messages naming the property.
 *
 * @param modelDir          checkpoint directory; unset runs the bundled demo model, unpacked into {@code bundledModelDir}
 * @param bundledModelDir   where the bundled demo model is unpacked when {@code modelDir} is unset
 * @param fallbackModelDir  where a tiny random model is written when {@code modelDir} is unset and the build has
 *                          no bundled model
 * @param device            auto (GPU when DJL sees one, else CPU), cpu or gpu
 * @param dtype             auto (float32 on CPU, float16 on GPU), float32 or float16
 * @param intraOpThreads    threads one engine operation may use; 0 keeps the engine's default
 * @param promptFormat      auto (instruct when the tokenizer has {@code <|im_start|>}), instruct or completion
 * @param maxBatchSequences most rows (request x sample) decoded together
 * @param maxBatchTokens    most rows x padded canvas length in one forward pass
 * @param maxBatchWait      longest time a request waits for others to fill its micro-batch
 * @param maxPollRecords    most requests one poll hands to the batcher
 * @param maxPollInterval   longest time between polls before the broker reassigns the partitions; must cover
 *                          decoding a whole poll's requests
 * @param concurrency       listener threads (consumers in the group from this instance)
 * @param publishTimeout    longest wait for the broker to acknowledge a candidate batch or dead letter
 * @param maxMessageBytes   largest candidate batch message (producer request size and topic limit)
 */
@ConfigurationProperties("codesynth.generation")
record GenerationProperties(
        Path modelDir,
        @DefaultValue("./.codesynth/models/demo") Path bundledModelDir,
        @DefaultValue("./.codesynth/models/tiny-random") Path fallbackModelDir,
        @DefaultValue("auto") String device,
        @DefaultValue("auto") String dtype,
        @DefaultValue("0") int intraOpThreads,
        @DefaultValue("auto") String promptFormat,
        @DefaultValue("16") int maxBatchSequences,
        @DefaultValue("16384") int maxBatchTokens,
        @DefaultValue("100ms") Duration maxBatchWait,
        @DefaultValue("32") int maxPollRecords,
        @DefaultValue("30m") Duration maxPollInterval,
        @DefaultValue("1") int concurrency,
        @DefaultValue("30s") Duration publishTimeout,
        @DefaultValue("8MB") DataSize maxMessageBytes) {

    private static final String PREFIX = "codesynth.generation.";

    GenerationProperties {
        require(intraOpThreads >= 0, "intra-op-threads", "must be 0 (engine default) or more", intraOpThreads);
        require(maxBatchSequences >= 1, "max-batch-sequences", "must be at least 1", maxBatchSequences);
        require(maxBatchTokens >= 1, "max-batch-tokens", "must be at least 1", maxBatchTokens);
        require(maxBatchWait != null && !maxBatchWait.isNegative(), "max-batch-wait", "must be zero or positive",
                maxBatchWait);
        require(maxPollRecords >= 1, "max-poll-records", "must be at least 1", maxPollRecords);
        require(maxPollInterval != null && maxPollInterval.toMillis() >= 1000 && maxPollInterval.toMillis() <= Integer.MAX_VALUE,
                "max-poll-interval", "must be between 1s and about 24 days", maxPollInterval);
        require(concurrency >= 1, "concurrency", "must be at least 1", concurrency);
        require(publishTimeout != null && publishTimeout.toMillis() >= 100, "publish-timeout", "must be at least 100ms",
                publishTimeout);
        require(maxMessageBytes != null && maxMessageBytes.toBytes() >= 1024 && maxMessageBytes.toBytes() <= Integer.MAX_VALUE,
                "max-message-bytes", "must be between 1KB and 2GB", maxMessageBytes);
        try {
            DeviceChoice.parse(device);
            DtypeChoice.parse(dtype);
            PromptFormat.parse(promptFormat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "device, dtype or prompt-format: " + e.getMessage(), e);
        }
    }

    ModelSettings modelSettings() {
        return new ModelSettings(DeviceChoice.parse(device), DtypeChoice.parse(dtype), intraOpThreads,
                PromptFormat.parse(promptFormat), maxBatchSequences, maxBatchTokens);
    }

    MicroBatcher.Settings batching() {
        return new MicroBatcher.Settings(maxBatchSequences, maxBatchWait);
    }

    int maxMessageBytesAsInt() {
        return Math.toIntExact(maxMessageBytes.toBytes());
    }

    private static void require(boolean valid, String property, String rule, Object value) {
        if (!valid) {
            throw new IllegalArgumentException(PREFIX + property + " " + rule + ", was " + value);
        }
    }
}
