package io.codesynth.diffusion.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.codesynth.diffusion.model.ComputeDevices;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void writtenTensorsReadBackWithTypesShapesAndMetadata() {
        Path file = tmp.resolve("model.safetensors");
        float[] values = {0.5f, -1.25f, 3f, 1e-3f, -7.5f, 42f};
        new SafetensorsWriter()
                .metadata("format", "pt")
                .add("f32", SafetensorsDType.F32, new long[] {2, 3}, values)
                .add("f16", SafetensorsDType.F16, new long[] {6}, values)
                .add("bf16", SafetensorsDType.BF16, new long[] {3, 2}, values)
                .add("ids", SafetensorsDType.I64, new long[] {2, 2}, new long[] {1, -2, 1L << 40, 7})
                .add("small", SafetensorsDType.I32, new long[] {3}, new long[] {5, -6, 7})
                .write(file);

        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(file)) {
            assertThat(checkpoint.tensors().keySet()).containsExactlyInAnyOrder("f32", "f16", "bf16", "ids", "small");
            assertThat(checkpoint.info("bf16").shape()).containsExactly(3, 2);
            assertThat(checkpoint.info("bf16").dtype()).isEqualTo(SafetensorsDType.BF16);
            assertThat(checkpoint.readFloats("f32")).containsExactly(values);
            assertThat(checkpoint.readFloats("f16")).containsExactly(values, within(1e-3f));
            assertThat(checkpoint.readFloats("bf16")).containsExactly(values, within(0.2f));
            assertThat(checkpoint.readLongs("ids")).containsExactly(1, -2, 1L << 40, 7);
            assertThat(checkpoint.readLongs("small")).containsExactly(5, -6, 7);
        }
        try (SafetensorsFile single = SafetensorsFile.open(file)) {
            assertThat(single.metadata()).containsEntry("format", "pt");
            // data aligned: the header is padded to a multiple of 8 bytes
            assertThat(single.tensors().values().iterator().next().fileOffset() % 8).isZero();
        }
    }

    @Test
    void bf16RoundsToNearestEvenAndWidensExactly() {
        Path file = tmp.resolve("bf16.safetensors");
        float halfwayDown = 1f + 1f / 256; // between 1.0 (even) and 1.0078125: to 1.0
        float halfwayUp = 1f + 3f / 256; // between 1.0078125 (odd) and 1.015625 (even): to 1.015625
        new SafetensorsWriter().add("x", SafetensorsDType.BF16, new long[] {3}, new float[] {halfwayDown, halfwayUp, -2.5f})
                .write(file);
        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(file)) {
            assertThat(checkpoint.readFloats("x")).containsExactly(1f, 1.015625f, -2.5f);
        }
    }

    @Test
    void loadsArraysThroughSmallWindowsAndStagingBlocks() {
        Path file = tmp.resolve("blocks.safetensors");
        float[] values = new float[50 * 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 3;
        }
        new SafetensorsWriter()
                .add("a_first", SafetensorsDType.F32, new long[] {3}, new float[] {1, 2, 3})
                .add("w_f32", SafetensorsDType.F32, new long[] {50, 7}, values)
                .add("w_bf16", SafetensorsDType.BF16, new long[] {50, 7}, values)
                .write(file);
        // 64-byte windows: every tensor crosses window boundaries; 256-byte staging: loads go in row blocks
        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(file, 64, 256);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevices.ENGINE)) {
            assertThat(checkpoint.readFloats("w_f32")).containsExactly(values);
            NDArray f32 = checkpoint.load(manager, "w_f32", DataType.FLOAT32, 50, 7);
            assertThat(f32.getShape()).isEqualTo(new Shape(50, 7));
            assertThat(f32.toFloatArray()).containsExactly(values);
            NDArray half = checkpoint.load(manager, "w_f32", DataType.FLOAT16);
            assertThat(half.getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(half.toType(DataType.FLOAT32, false).toFloatArray()).containsExactly(values, within(3e-3f));
            NDArray widened = checkpoint.load(manager, "w_bf16", DataType.FLOAT32);
            assertThat(widened.toFloatArray()).containsExactly(checkpoint.readFloats("w_bf16"));
            NDArray small = checkpoint.load(manager, "a_first", DataType.FLOAT32, 3);
            assertThat(small.toFloatArray()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void shardedCheckpointResolvesNamesAcrossShards() throws IOException {
        new SafetensorsWriter().add("x", SafetensorsDType.F32, new long[] {2}, new float[] {1, 2})
                .add("y", SafetensorsDType.BF16, new long[] {1}, new float[] {3}).write(tmp.resolve("model-00001-of-00002.safetensors"));
        new SafetensorsWriter().add("z", SafetensorsDType.F16, new long[] {1}, new float[] {4})
                .write(tmp.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(tmp.resolve(SafetensorsCheckpoint.INDEX_FILE), """
                {"metadata": {"total_size": 10}, "weight_map": {
                  "x": "model-00001-of-00002.safetensors",
                  "y": "model-00001-of-00002.safetensors",
                  "z": "model-00002-of-00002.safetensors"}}
                """);
        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(tmp)) {
            assertThat(checkpoint.readFloats("x")).containsExactly(1, 2);
            assertThat(checkpoint.readFloats("y")).containsExactly(3);
            assertThat(checkpoint.readFloats("z")).containsExactly(4);
            assertThat(checkpoint.info("z").file().getFileName().toString()).isEqualTo("model-00002-of-00002.safetensors");
            assertThatThrownBy(() -> checkpoint.info("model.norm.weight"))
                    .isInstanceOf(WeightsException.class)
                    .hasMessageContaining("Tensor model.norm.weight not found in checkpoint " + tmp)
                    .hasMessageContaining("[model-00001-of-00002.safetensors, model-00002-of-00002.safetensors]");
        }
    }

    @Test
    void shapeMismatchNamesTensorExpectedAndFound() {
        Path file = tmp.resolve("model.safetensors");
        new SafetensorsWriter().add("model.norm.weight", SafetensorsDType.F32, new long[] {4}, new float[4]).write(file);
        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(tmp);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevices.ENGINE)) {
            assertThatThrownBy(() -> checkpoint.load(manager, "model.norm.weight", DataType.FLOAT32, 8))
                    .isInstanceOf(WeightsException.class)
                    .hasMessage("Tensor model.norm.weight in " + file + " has shape (4) but the model config expects (8)");
        }
    }

    @Test
    void brokenCheckpointsFailWithTheirFileNamed() throws IOException {
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(tmp))
                .hasMessageContaining("has neither model.safetensors nor model.safetensors.index.json");

        Path huge = tmp.resolve("huge-header.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertThatThrownBy(() -> SafetensorsFile.open(huge))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining(huge.toString())
                .hasMessageContaining("declares a header of 1099511627776 bytes");

        Path lying = tmp.resolve("lying.safetensors");
        writeRaw(lying, "{\"t\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 8]}}", new byte[8]);
        assertThatThrownBy(() -> SafetensorsFile.open(lying))
                .hasMessageContaining("tensor t F32(4) (16 bytes) with data_offsets [0, 8]");

        Path index = tmp.resolve("sharded");
        Files.createDirectories(index);
        Files.writeString(index.resolve(SafetensorsCheckpoint.INDEX_FILE), "{\"weight_map\": {\"a\": \"gone.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(index))
                .hasMessageContaining("Shard gone.safetensors listed in " + index.resolve(SafetensorsCheckpoint.INDEX_FILE) + " does not exist");
    }

    /**
     * A file larger than 2 GiB, sparse on disk: one tensor straddles the 2 GiB mark (and a window boundary)
     * and another lies beyond it. DJL's NDList.decode could not read this file at all.
     */
    @Test
    void readsTensorsBeyondTwoGibibytes() throws IOException {
        Path file = tmp.resolve("large.safetensors");
        int headerLength = 512;
        long dataStart = 8 + headerLength;
        long filler = (1L << 31) - 1000 - dataStart;
        float[] straddle = new float[1024];
        for (int i = 0; i < straddle.length; i++) {
            straddle[i] = i * 0.5f - 100;
        }
        String header = "{\"filler\": {\"dtype\": \"U8\", \"shape\": [" + filler + "], \"data_offsets\": [0, " + filler + "]},"
                + " \"straddle\": {\"dtype\": \"F32\", \"shape\": [1024], \"data_offsets\": [" + filler + ", " + (filler + 4096) + "]},"
                + " \"tail\": {\"dtype\": \"BF16\", \"shape\": [2, 2], \"data_offsets\": [" + (filler + 4096) + ", " + (filler + 4104) + "]}}";
        ByteBuffer data = ByteBuffer.allocate(4104).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : straddle) {
            data.putFloat(value);
        }
        for (float value : new float[] {1f, -2f, 0.5f, 256f}) {
            data.putShort(DTypeConversion.floatToBf16(value));
        }
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array());
            out.write(padded(header, headerLength));
            out.seek(dataStart + filler);
            out.write(data.array());
        }
        assertThat(Files.size(file)).isGreaterThan(1L << 31);

        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(file);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), ComputeDevices.ENGINE)) {
            assertThat(checkpoint.info("straddle").fileOffset()).isLessThan(1L << 31);
            assertThat(checkpoint.readFloats("straddle")).containsExactly(straddle);
            assertThat(checkpoint.load(manager, "straddle", DataType.FLOAT32, 1024).toFloatArray()).containsExactly(straddle);
            assertThat(checkpoint.info("tail").fileOffset()).isGreaterThan(1L << 31);
            assertThat(checkpoint.load(manager, "tail", DataType.FLOAT32, 2, 2).toFloatArray()).containsExactly(1f, -2f, 0.5f, 256f);
        }
    }

    private static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json).put(data);
        Files.write(file, buffer.array());
    }

    private static byte[] padded(String header, int length) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        assertThat(json.length).isLessThanOrEqualTo(length);
        byte[] bytes = Arrays.copyOf(json, length);
        Arrays.fill(bytes, json.length, length, (byte) ' ');
        return bytes;
    }
}
