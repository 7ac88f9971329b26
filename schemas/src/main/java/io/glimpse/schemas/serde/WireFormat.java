package io.glimpse.schemas.serde;

import io.glimpse.schemas.serde.SerializationFailure.Reason;
import java.nio.ByteBuffer;

/**
 * Confluent's framing of a registry-backed record: byte 0 is the magic byte {@value #MAGIC_BYTE}, bytes
 * 1–4 the schema id (big-endian), the rest the Avro binary encoding written with that schema.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** Writes the 5-byte header for {@code schemaId} at the start of {@code buffer}. */
    public static void writeHeader(ByteBuffer buffer, int schemaId) {
        buffer.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** Returns the 5-byte header for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE);
        writeHeader(buffer, schemaId);
        return buffer.array();
    }

    /** Reads the schema id from a framed record, failing with WRONG_MAGIC or TRUNCATED. */
    public static int schemaId(String topic, byte[] data) {
        if (data.length == 0) {
            throw new SerializationFailure(Reason.TRUNCATED, topic, data, -1, "no bytes at all", null);
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationFailure(Reason.WRONG_MAGIC, topic, data, -1,
                    "first byte is " + (data[0] & 0xff) + ", expected " + MAGIC_BYTE, null);
        }
        if (data.length < HEADER_SIZE) {
            throw new SerializationFailure(Reason.TRUNCATED, topic, data, -1,
                    data.length + " bytes, shorter than the " + HEADER_SIZE + "-byte header", null);
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
