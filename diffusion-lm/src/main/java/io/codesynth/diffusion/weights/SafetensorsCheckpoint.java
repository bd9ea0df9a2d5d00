package io.codesynth.diffusion.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The safetensors weights of a Hugging Face checkpoint: one {@code model.safetensors}, or the shards listed
 * by {@code model.safetensors.index.json}. Tensors are looked up by their Hugging Face names and copied into
 * engine arrays of the requested type ({@link DataType#FLOAT32} or {@link DataType#FLOAT16}), whatever their
 * type on disk (F32, F16, BF16).
 *
 * <p>Copies go through one reusable direct staging buffer of about 64 MiB; larger
 * tensors (an F32 embedding of a 152k vocabulary is 2.2 GB, more than one Java buffer can hold) are filled
 * into a preallocated array in row blocks, so no tensor is ever held twice on the heap.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {

    /** Name of the single-file checkpoint. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** Name of the index of a sharded checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    static final int STAGING_BYTES = 64 << 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path location;
    private final int stagingBytes;
    private final List<SafetensorsFile> files;
    private final Map<String, TensorInfo> tensors;
    private final Map<Path, SafetensorsFile> fileByPath = new LinkedHashMap<>();
    private ByteBuffer rawStaging;
    private ByteBuffer convertedStaging;

    private SafetensorsCheckpoint(Path location, List<SafetensorsFile> files, int stagingBytes) {
        this.location = location;
        this.stagingBytes = stagingBytes;
        this.files = List.copyOf(files);
        Map<String, TensorInfo> all = new LinkedHashMap<>();
        for (SafetensorsFile file : files) {
            fileByPath.put(file.path(), file);
            for (TensorInfo tensor : file.tensors().values()) {
                TensorInfo previous = all.put(tensor.name(), tensor);
                if (previous != null) {
                    throw new WeightsException("Tensor " + tensor.name() + " appears in both "
                            + previous.file().getFileName() + " and " + tensor.file().getFileName() + " of " + location);
                }
            }
        }
        this.tensors = Collections.unmodifiableMap(all);
    }

    /**
     * Opens a checkpoint directory (sharded via {@value #INDEX_FILE}, else {@value #SINGLE_FILE}) or a single
     * {@code .safetensors} file. Only headers are read here; data is read when a tensor is loaded.
     */
    public static SafetensorsCheckpoint open(Path location) {
        return open(location, SafetensorsFile.DEFAULT_WINDOW_BYTES, STAGING_BYTES);
    }

    /** As {@link #open(Path)} with small windows and staging buffers, so tests exercise the block paths. */
    static SafetensorsCheckpoint open(Path location, long windowBytes, int stagingBytes) {
        List<Path> paths = filesOf(location);
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            for (Path path : paths) {
                opened.add(SafetensorsFile.open(path, windowBytes));
            }
            return new SafetensorsCheckpoint(location, opened, stagingBytes);
        } catch (RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private static List<Path> filesOf(Path location) {
        if (Files.isRegularFile(location)) {
            return List.of(location);
        }
        if (!Files.isDirectory(location)) {
            throw new WeightsException("Checkpoint " + location + " does not exist");
        }
        Path index = location.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return shardsOf(index);
        }
        Path single = location.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        try (Stream<Path> listing = Files.list(location)) {
            throw new WeightsException("Checkpoint " + location + " has neither " + SINGLE_FILE + " nor " + INDEX_FILE
                    + " (it holds: " + listing.map(p -> p.getFileName().toString()).sorted().toList() + ")");
        } catch (IOException e) {
            throw new WeightsException("Cannot list checkpoint " + location + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> shardsOf(Path index) {
        JsonNode weightMap;
        try {
            weightMap = JSON.readTree(Files.readString(index)).path("weight_map");
        } catch (IOException | JacksonException e) {
            throw new WeightsException("Cannot read shard index " + index + ": " + e.getMessage(), e);
        }
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            throw new WeightsException("Shard index " + index + " has no weight_map");
        }
        Set<String> shardNames = new TreeSet<>();
        weightMap.properties().forEach(entry -> shardNames.add(entry.getValue().asString()));
        List<Path> shards = new ArrayList<>();
        for (String name : shardNames) {
            Path shard = index.resolveSibling(name);
            if (!Files.isRegularFile(shard)) {
                throw new WeightsException("Shard " + name + " listed in " + index + " does not exist");
            }
            shards.add(shard);
        }
        return shards;
    }

    /** The directory or file this checkpoint was opened from. */
    public Path location() {
        return location;
    }

    /** Every tensor of every file, by Hugging Face name. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}; a {@link WeightsException} naming it and the files searched if absent. */
    public TensorInfo info(String name) {
        TensorInfo tensor = tensors.get(name);
        if (tensor == null) {
            throw new WeightsException("Tensor " + name + " not found in checkpoint " + location + " (searched "
                    + files.stream().map(f -> f.path().getFileName().toString()).toList() + ", "
                    + tensors.size() + " tensors)");
        }
        return tensor;
    }

    /** Loads {@code name} as a {@code type} array on {@code manager}'s device, checking its shape. */
    public NDArray load(NDManager manager, String name, DataType type, long... expectedShape) {
        TensorInfo tensor = info(name);
        if (!Arrays.equals(tensor.shape(), expectedShape)) {
            throw new WeightsException("Tensor " + name + " in " + tensor.file() + " has shape " + tensor.shapeText()
                    + " but the model config expects " + TensorInfo.shapeText(expectedShape));
        }
        return load(manager, name, type);
    }

    /** Loads {@code name} as a {@code type} array ({@code FLOAT32} or {@code FLOAT16}) on {@code manager}'s device. */
    public synchronized NDArray load(NDManager manager, String name, DataType type) {
        TensorInfo tensor = info(name);
        if (type != DataType.FLOAT32 && type != DataType.FLOAT16) {
            throw new IllegalArgumentException("Weights load as FLOAT32 or FLOAT16, not " + type);
        }
        if (!tensor.dtype().isFloatingPoint()) {
            throw new WeightsException("Tensor " + name + " in " + tensor.file() + " is " + tensor.dtype()
                    + ", not a floating-point type");
        }
        long[] shape = tensor.shape();
        long rows = shape.length == 0 ? 1 : shape[0];
        if (tensor.elementCount() == 0) {
            return manager.zeros(new Shape(shape), type);
        }
        long rowElements = tensor.elementCount() / rows;
        long rowBytes = rowElements * Math.max(type.getNumOfBytes(), tensor.dtype().bytes());
        long rowsPerBlock = Math.max(1, stagingBytes / rowBytes);
        if (rowsPerBlock >= rows) {
            NDArray staged = stage(manager, tensor, type, 0, rows, new Shape(shape));
            return ownedCopy(manager, staged);
        }
        NDArray whole = manager.zeros(new Shape(shape), type);
        long[] blockShape = shape.clone();
        for (long first = 0; first < rows; first += rowsPerBlock) {
            long count = Math.min(rowsPerBlock, rows - first);
            blockShape[0] = count;
            try (NDArray block = stage(manager, tensor, type, first, count, new Shape(blockShape))) {
                whole.set(new NDIndex("{}:{}", first, first + count), block);
            }
        }
        return whole;
    }

    /** Reads a floating-point tensor (F32, F16, BF16, F64) into a Java array, widened to float. */
    public synchronized float[] readFloats(String name) {
        TensorInfo tensor = info(name);
        if (!tensor.dtype().isFloatingPoint()) {
            throw new WeightsException("Tensor " + name + " in " + tensor.file() + " is " + tensor.dtype() + ", not floating point");
        }
        int count = Math.toIntExact(tensor.elementCount());
        ByteBuffer raw = ByteBuffer.allocate(Math.toIntExact(tensor.byteLength()));
        fileOf(tensor).read(tensor, 0, raw);
        ByteBuffer converted = ByteBuffer.allocate(4 * count).order(ByteOrder.nativeOrder());
        DTypeConversion.toFloat32(raw.flip(), tensor.dtype(), converted, count);
        float[] values = new float[count];
        converted.asFloatBuffer().get(values);
        return values;
    }

    /** Reads an integer tensor (I64, I32, I16, I8, U8) into a Java array. */
    public synchronized long[] readLongs(String name) {
        TensorInfo tensor = info(name);
        if (!tensor.dtype().isInteger()) {
            throw new WeightsException("Tensor " + name + " in " + tensor.file() + " is " + tensor.dtype() + ", not an integer type");
        }
        ByteBuffer raw = ByteBuffer.allocate(Math.toIntExact(tensor.byteLength())).order(ByteOrder.LITTLE_ENDIAN);
        fileOf(tensor).read(tensor, 0, raw);
        long[] values = new long[Math.toIntExact(tensor.elementCount())];
        for (int i = 0; i < values.length; i++) {
            values[i] = DTypeConversion.integerAt(raw, tensor.dtype(), i * tensor.dtype().bytes());
        }
        return values;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }

    /** Converts rows {@code [first, first + count)} of {@code tensor} into the staging buffer, wrapped as an array. */
    private NDArray stage(NDManager manager, TensorInfo tensor, DataType type, long first, long count, Shape shape) {
        long rowElements = tensor.elementCount() / (tensor.shape().length == 0 ? 1 : tensor.shape()[0]);
        int elements = Math.toIntExact(count * rowElements);
        ByteBuffer raw = rawStaging(elements * tensor.dtype().bytes());
        fileOf(tensor).read(tensor, first * rowElements * tensor.dtype().bytes(), raw);
        raw.flip();
        ByteBuffer converted = convertedStaging(elements * type.getNumOfBytes());
        if (type == DataType.FLOAT32) {
            DTypeConversion.toFloat32(raw, tensor.dtype(), converted, elements);
        } else {
            DTypeConversion.toFloat16(raw, tensor.dtype(), converted, elements);
        }
        return manager.create(converted, shape, type);
    }

    /**
     * On CPU, DJL's PyTorch engine wraps a direct buffer without copying it; the staging buffer is reused,
     * so the array must own its memory. On GPU the upload already copied.
     */
    private static NDArray ownedCopy(NDManager manager, NDArray staged) {
        if (manager.getDevice().isGpu()) {
            return staged;
        }
        try (staged) {
            return staged.duplicate();
        }
    }

    private ByteBuffer rawStaging(int bytes) {
        if (rawStaging == null || rawStaging.capacity() < bytes) {
            rawStaging = ByteBuffer.allocateDirect(Math.max(bytes, 1 << 12)).order(ByteOrder.LITTLE_ENDIAN);
        }
        return rawStaging.clear().limit(bytes);
    }

    private ByteBuffer convertedStaging(int bytes) {
        if (convertedStaging == null || convertedStaging.capacity() < bytes) {
            convertedStaging = ByteBuffer.allocateDirect(Math.max(bytes, 1 << 12)).order(ByteOrder.nativeOrder());
        }
        return convertedStaging.clear().limit(bytes);
    }

    private SafetensorsFile fileOf(TensorInfo tensor) {
        return fileByPath.get(tensor.file());
    }
}
