package io.codesynth.diffusion.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesynth.diffusion.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {

    @TempDir
    Path tmp;

    @Test
    void readsDiffuCoderInstructConfig() throws IOException {
        Path file = tmp.resolve("config.json");
        try (InputStream in = getClass().getResourceAsStream("diffucoder-7b-instruct-config.json")) {
            Files.write(file, in.readAllBytes());
        }
        ModelConfig config = ModelConfig.read(file);
        assertThat(config).isEqualTo(new ModelConfig("dream", 152064, 3584, 18944, 28, 28, 4, 131072, 1e6, 1e-6,
                false, 151666, 151643, 151643, 151643, "bfloat16", true));
        assertThat(config.headDim()).isEqualTo(128);
    }

    @Test
    void readsTransformers5Qwen2ConfigWithRopeParameters() {
        ModelConfig config = ModelConfig.read(TestData.qwen2Reference().resolve("qwen2-tiny-f32"));
        assertThat(config.modelType()).isEqualTo("qwen2");
        assertThat(config.ropeTheta()).isEqualTo(1e6);
        assertThat(config.numKeyValueHeads()).isEqualTo(2);
        assertThat(config.maskTokenId()).isNull();
        assertThat(config.padTokenId()).isEqualTo(380);
        assertThat(config.torchDtype()).isEqualTo("float32");
        assertThat(config.shiftLogits()).isFalse();
    }

    @Test
    void lowerCaseDreamAndEosListAndMissingPadAreAccepted() {
        ModelConfig config = ModelConfig.parse(json("dream", "\"eos_token_id\": [7, 8], \"mask_token_id\": 9,"), "inline");
        assertThat(config.modelType()).isEqualTo("dream");
        assertThat(config.eosTokenId()).isEqualTo(7);
        assertThat(config.padTokenId()).isEqualTo(7);
        assertThat(config.bosTokenId()).isEqualTo(7);
        assertThat(config.numKeyValueHeads()).isEqualTo(config.numAttentionHeads());
        assertThat(config.shiftLogits()).isTrue();
    }

    @Test
    void unknownModelTypeNamesFileAndField() throws IOException {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, json("llama", "\"eos_token_id\": 2,"));
        assertThatThrownBy(() -> ModelConfig.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'model_type'")
                .hasMessageContaining("llama");
    }

    @Test
    void missingFieldNamesFileAndField() throws IOException {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, json("qwen2", "\"eos_token_id\": 2,").replace("\"hidden_size\": 64,", ""));
        assertThatThrownBy(() -> ModelConfig.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Model config " + file + ": field 'hidden_size' is missing");
    }

    @Test
    void dreamWithoutMaskTokenIsRejected() {
        assertThatThrownBy(() -> ModelConfig.parse(json("Dream", "\"eos_token_id\": 2,"), "dream.json"))
                .hasMessageContaining("dream.json")
                .hasMessageContaining("'mask_token_id' is missing");
    }

    @Test
    void missingRopeThetaNamesBothPlaces() {
        assertThatThrownBy(() -> ModelConfig.parse(json("qwen2", "\"eos_token_id\": 2,").replace("\"rope_theta\": 10000.0,", ""), "x.json"))
                .hasMessageContaining("'rope_theta' is missing (looked for rope_theta and rope_parameters.rope_theta)");
    }

    @Test
    void wrongTypesAndUnsupportedArchitecturesAreRejected() {
        assertThatThrownBy(() -> ModelConfig.parse(json("qwen2", "\"eos_token_id\": 2,").replace("\"hidden_size\": 64", "\"hidden_size\": \"64\""), "x.json"))
                .hasMessageContaining("'hidden_size' should be an integer but is \"64\"");
        assertThatThrownBy(() -> ModelConfig.parse(json("qwen2", "\"eos_token_id\": 2, \"rope_scaling\": {\"type\": \"yarn\"},"), "x.json"))
                .hasMessageContaining("'rope_scaling'");
        assertThatThrownBy(() -> ModelConfig.parse(json("qwen2", "\"eos_token_id\": 2, \"hidden_act\": \"gelu\","), "x.json"))
                .hasMessageContaining("'hidden_act' is 'gelu'");
        assertThatThrownBy(() -> ModelConfig.parse(json("qwen2", "\"eos_token_id\": 2, \"num_key_value_heads\": 3,"), "x.json"))
                .hasMessageContaining("'num_key_value_heads' 3 does not divide num_attention_heads 4");
        assertThatThrownBy(() -> ModelConfig.parse("[1, 2]", "x.json")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ModelConfig.parse("{", "x.json")).hasMessageContaining("x.json is not valid JSON");
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> ModelConfig.read(tmp.resolve("nowhere")))
                .hasMessageContaining("nowhere does not exist");
    }

    private static String json(String modelType, String extra) {
        return """
                {
                  "model_type": "%s",
                  %s
                  "vocab_size": 100,
                  "hidden_size": 64,
                  "intermediate_size": 128,
                  "num_hidden_layers": 2,
                  "num_attention_heads": 4,
                  "max_position_embeddings": 256,
                  "rope_theta": 10000.0,
                  "rms_norm_eps": 1e-6
                }
                """.formatted(modelType, extra);
    }
}
