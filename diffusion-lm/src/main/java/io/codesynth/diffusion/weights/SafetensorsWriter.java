package io.codesynth.diffusion.weights;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a safetensors file that {@link SafetensorsFile} and Hugging Face's {@code safetensors} read: tensors
 * in name order, a JSON header padded with spaces to a multiple of 8 bytes so the data is aligned.
 * Holds the tensors on the heap until {@link #write}: meant for test fixtures and small models.
 *
 * <pre>{@code
 * new SafetensorsWriter()
 *     .add("model.norm.weight", SafetensorsDType.F32, new long[] {64}, norm)
 *     .metadata("format", "pt")
 *     .write(dir.resolve("model.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Entry(SafetensorsDType dtype, long[] shape, byte[] data) {
    }

    private final Map<String, Entry> tensors = new TreeMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds a string to the header's {@code __metadata__}. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a floating-point tensor, stored as {@code dtype} (F32, F16 or BF16, rounded to nearest even). */
    public SafetensorsWriter add(String name, SafetensorsDType dtype, long[] shape, float[] values) {
        checkCount(name, shape, values.length);
        ByteBuffer data = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            switch (dtype) {
                case F32 -> data.putFloat(value);
                case F16 -> data.putShort(Float.floatToFloat16(value));
                case BF16 -> data.putShort(DTypeConversion.floatToBf16(value));
                case F64 -> data.putDouble(value);
                default -> throw new IllegalArgumentException(name + ": " + dtype + " is not a floating-point type");
            }
        }
        return put(name, dtype, shape, data.array());
    }

    /** Adds an integer tensor, stored as {@code dtype} (I64 or I32). */
    public SafetensorsWriter add(String name, SafetensorsDType dtype, long[] shape, long[] values) {
        checkCount(name, shape, values.length);
        ByteBuffer data = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            switch (dtype) {
                case I64 -> data.putLong(value);
                case I32 -> data.putInt(Math.toIntExact(value));
                default -> throw new IllegalArgumentException(name + ": " + dtype + " is not I64 or I32");
            }
        }
        return put(name, dtype, shape, data.array());
    }

    /** Writes the file, replacing any existing one. */
    public void write(Path file) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> tensor : tensors.entrySet()) {
            ObjectNode node = header.putObject(tensor.getKey());
            node.put("dtype", tensor.getValue().dtype().name());
            ArrayNode shape = node.putArray("shape");
            Arrays.stream(tensor.getValue().shape()).forEach(shape::add);
            long end = offset + tensor.getValue().data().length;
            node.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
                out.write(headerBytes);
                for (Entry tensor : tensors.values()) {
                    out.write(tensor.data());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write safetensors file " + file, e);
        }
    }

    private SafetensorsWriter put(String name, SafetensorsDType dtype, long[] shape, byte[] data) {
        if (name.equals("__metadata__") || tensors.containsKey(name)) {
            throw new IllegalArgumentException("Tensor name " + name + " is reserved or already added");
        }
        tensors.put(name, new Entry(dtype, shape.clone(), data));
        return this;
    }

    private static void checkCount(String name, long[] shape, int count) {
        long expected = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (expected != count) {
            throw new IllegalArgumentException("Tensor " + name + " of shape " + TensorInfo.shapeText(shape)
                    + " needs " + expected + " values, got " + count);
        }
    }
}
