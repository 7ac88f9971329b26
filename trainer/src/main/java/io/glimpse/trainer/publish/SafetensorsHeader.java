package io.glimpse.trainer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The tensor names in a safetensors file, read from its header alone (8 bytes of little-endian length,
 * then a JSON object), without an engine: enough to tell a dense backbone from a DynamicViT with
 * prediction modules, and to refuse a file that is not safetensors before publishing it.
 */
final class SafetensorsHeader {

    /** safetensors caps its header at 100 MB; a larger length means another kind of file. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsHeader() {}

    /**
     * Returns the names of the tensors in a safetensors file.
     *
     * @param file the file
     * @return the tensor names, in header order
     * @throws IOException if the file cannot be read or is not safetensors
     */
    static List<String> tensorNames(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(8);
            long length = prefix.length == 8 ? ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong() : -1;
            if (length <= 1 || length > MAX_HEADER || length > Files.size(file) - 8) {
                throw new IOException(file + " is not a safetensors file (no valid header length)");
            }
            byte[] header = in.readNBytes((int) length);
            JsonNode root;
            try {
                root = JSON.readTree(header);
            } catch (IOException e) {
                throw new IOException(file + " is not a safetensors file (its header is not JSON)", e);
            }
            if (root == null || !root.isObject()) {
                throw new IOException(file + " is not a safetensors file (its header is not a JSON object)");
            }
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (!"__metadata__".equals(name)) {
                    names.add(name);
                }
            }
            return names;
        }
    }
}
