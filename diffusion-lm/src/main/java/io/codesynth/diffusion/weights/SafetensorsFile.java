package io.codesynth.diffusion.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One safetensors file, memory-mapped: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data.
 *
 * <p>Why not DJL's own reader ({@code NDList.decode}): it reads the whole file into one heap
 * {@code byte[]}, which Java caps at 2 GiB, and holds it on the heap while the arrays are built; one shard
 * of a 7B checkpoint is about 4 GiB. Here the file is mapped instead, in windows of at most
 * {@link #DEFAULT_WINDOW_BYTES} (a single {@link MappedByteBuffer} is indexed by {@code int}, so it too
 * stops at 2 GiB); a read that crosses a window boundary is stitched together from both windows. The page
 * cache, not the heap, holds the file, and only the tensor being converted is copied.
 *
 * <p>Thread-safe: reads use absolute positions and windows are mapped under a lock.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Mapping window size; well under the 2 GiB limit of one {@link MappedByteBuffer}. */
    public static final long DEFAULT_WINDOW_BYTES = 1L << 30;

    /** The safetensors format caps the JSON header at 100 MB. */
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final long windowBytes;
    private final MappedByteBuffer[] windows;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long windowBytes) throws IOException {
        this.path = path;
        this.channel = channel;
        this.fileSize = channel.size();
        this.windowBytes = windowBytes;
        this.windows = new MappedByteBuffer[Math.toIntExact((fileSize + windowBytes - 1) / windowBytes)];
        Map<String, String> meta = new LinkedHashMap<>();
        this.tensors = Collections.unmodifiableMap(parseHeader(meta));
        this.metadata = Collections.unmodifiableMap(meta);
    }

    /** Opens and maps {@code path}, parsing its header. */
    public static SafetensorsFile open(Path path) {
        return open(path, DEFAULT_WINDOW_BYTES);
    }

    /** As {@link #open(Path)} with a chosen window size (small windows let tests cross window boundaries). */
    static SafetensorsFile open(Path path, long windowBytes) {
        if (windowBytes <= 0 || windowBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("window size must be in (0, 2 GiB): " + windowBytes);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            return new SafetensorsFile(path, channel, windowBytes);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new WeightsException("Cannot open safetensors file " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** Every tensor in the file by name, in the order of their data. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Optional<TensorInfo> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The header's {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Copies {@code target.remaining()} raw bytes of {@code tensor}, starting {@code offset} bytes into its
     * data, into {@code target}, advancing its position.
     */
    public void read(TensorInfo tensor, long offset, ByteBuffer target) {
        if (!tensor.file().equals(path)) {
            throw new IllegalArgumentException(tensor.name() + " is in " + tensor.file() + ", not in " + path);
        }
        if (offset < 0 || offset + target.remaining() > tensor.byteLength()) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", " + (offset + target.remaining())
                    + ") outside " + tensor.name() + " (" + tensor.byteLength() + " bytes)");
        }
        long position = tensor.fileOffset() + offset;
        while (target.hasRemaining()) {
            int index = (int) (position / windowBytes);
            MappedByteBuffer window = window(index);
            int inWindow = (int) (position - index * windowBytes);
            int length = Math.min(target.remaining(), window.capacity() - inWindow);
            target.put(target.position(), window, inWindow, length);
            target.position(target.position() + length);
            position += length;
        }
    }

    private synchronized MappedByteBuffer window(int index) {
        if (windows[index] == null) {
            long start = index * windowBytes;
            long length = Math.min(windowBytes, fileSize - start);
            try {
                windows[index] = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot map bytes " + start + "+" + length + " of " + path, e);
            }
        }
        return windows[index];
    }

    /**
     * Closes the channel. The mappings stay valid until the buffers are garbage-collected (Java has no
     * public unmap), so arrays already built from them are unaffected.
     */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + path, e);
        }
    }

    private Map<String, TensorInfo> parseHeader(Map<String, String> meta) throws IOException {
        if (fileSize < 8) {
            throw corrupt("is " + fileSize + " bytes, too short for a safetensors header");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(lengthBytes, 0);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
            throw corrupt("declares a header of " + headerLength + " bytes (file is " + fileSize + " bytes)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        while (headerBytes.hasRemaining()) {
            if (channel.read(headerBytes, 8 + headerBytes.position()) < 0) {
                throw corrupt("ends inside its header");
            }
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw corrupt("has a header that is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw corrupt("has a header that is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : header.properties()) {
            if (entry.getKey().equals("__metadata__")) {
                entry.getValue().properties().forEach(m -> meta.put(m.getKey(), m.getValue().asString()));
            } else {
                byName.put(entry.getKey(), tensorInfo(entry.getKey(), entry.getValue(), dataStart));
            }
        }
        Map<String, TensorInfo> inDataOrder = new LinkedHashMap<>();
        byName.values().stream()
                .sorted((a, b) -> Long.compare(a.fileOffset(), b.fileOffset()))
                .forEach(t -> inDataOrder.put(t.name(), t));
        return inDataOrder;
    }

    private TensorInfo tensorInfo(String name, JsonNode node, long dataStart) {
        SafetensorsDType dtype;
        try {
            dtype = SafetensorsDType.valueOf(node.path("dtype").asString(""));
        } catch (IllegalArgumentException e) {
            throw corrupt("has tensor " + name + " with unknown dtype " + node.path("dtype"));
        }
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw corrupt("has tensor " + name + " without a shape or data_offsets: " + node);
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            if (shape[i] < 0) {
                throw corrupt("has tensor " + name + " with a negative dimension: " + shapeNode);
            }
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        TensorInfo info = new TensorInfo(name, dtype, shape, path, dataStart + begin);
        if (begin < 0 || end < begin || end - begin != info.byteLength() || dataStart + end > fileSize) {
            throw corrupt("has tensor " + name + " " + dtype + info.shapeText() + " (" + info.byteLength()
                    + " bytes) with data_offsets [" + begin + ", " + end + "] that do not fit the file ("
                    + (fileSize - dataStart) + " data bytes)");
        }
        return info;
    }

    private WeightsException corrupt(String problem) {
        return new WeightsException("Safetensors file " + path + " " + problem);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the open already failed; that error is the one worth reporting
            }
        }
    }
}
