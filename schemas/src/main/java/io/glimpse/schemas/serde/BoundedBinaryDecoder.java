package io.glimpse.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.InvalidNumberEncodingException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary encoding read from a byte array, refusing every length and item count that the bytes left
 * cannot hold <em>before</em> allocating anything for it. Avro's own {@link BinaryDecoder} allocates what a
 * length prefix announces and only then finds the bytes missing, so a record of a few bytes announcing a
 * 2 GiB string costs 2 GiB of heap or an {@link OutOfMemoryError}; Avro's {@code org.apache.avro.limits.*}
 * system properties only cap lengths JVM-wide, at a value that must still allow the largest legitimate
 * record. Here a record can cost no more memory than a small multiple of its own size.
 *
 * <p>A string, bytes or fixed value longer than the bytes left, and an array or map block announcing more
 * items than bytes are left, end in {@link EOFException}: the record ends before what it announces. An
 * item takes at least one byte for every type but {@code null} and records of nothing else; arrays of those
 * (Glimpse has none) are refused once they announce more items than bytes remain. A negative length is
 * corrupt ({@link AvroRuntimeException}), as in Avro.
 *
 * <p>Otherwise it reads exactly as {@link BinaryDecoder} does. Not thread-safe; one per record.
 */
final class BoundedBinaryDecoder extends Decoder {

    private final byte[] buf;
    private final int limit;
    private int pos;

    /** Reads {@code length} bytes of {@code data} from {@code offset}. */
    BoundedBinaryDecoder(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + data.length);
        }
        this.buf = data;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Whether every byte has been read. */
    boolean isEnd() {
        return pos == limit;
    }

    private int remaining() {
        return limit - pos;
    }

    @Override
    public void readNull() {
        // Nothing is written for null.
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1);
        return buf[pos++] == 1;
    }

    @Override
    public int readInt() throws IOException {
        long value = readVarLong(5, "int");
        return (int) value;
    }

    @Override
    public long readLong() throws IOException {
        return readVarLong(10, "long");
    }

    /** A zig-zag varint of at most {@code maxBytes} bytes. */
    private long readVarLong(int maxBytes, String type) throws IOException {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            require(1);
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new InvalidNumberEncodingException("Invalid " + type + " encoding");
    }

    @Override
    public float readFloat() throws IOException {
        require(4);
        int bits = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = readLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = readLength("string");
        String result = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    @Override
    public void skipString() throws IOException {
        int length = readLength("string"); // read before pos, which it moves
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = readLength("bytes");
        ByteBuffer result = old != null && old.hasArray() && length <= old.capacity() ? old.clear() : ByteBuffer.allocate(length);
        System.arraycopy(buf, pos, result.array(), result.arrayOffset(), length);
        pos += length;
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = readLength("bytes"); // read before pos, which it moves
        pos += length;
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length);
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length);
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return readItemCount();
    }

    @Override
    public long arrayNext() throws IOException {
        return readItemCount();
    }

    @Override
    public long skipArray() throws IOException {
        return skipItems();
    }

    @Override
    public long readMapStart() throws IOException {
        return readItemCount();
    }

    @Override
    public long mapNext() throws IOException {
        return readItemCount();
    }

    @Override
    public long skipMap() throws IOException {
        return skipItems();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    /** A length prefix, checked against the bytes left. */
    private int readLength(String type) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new AvroRuntimeException("Malformed data. Length is negative: " + length);
        }
        if (length > remaining()) {
            throw new EOFException(type + " of " + length + " bytes announced, " + remaining() + " left");
        }
        return (int) length;
    }

    /**
     * The item count of the next block, its byte size skipped if it has one, checked against the bytes left;
     * 0 at the end of the array or map.
     */
    private long readItemCount() throws IOException {
        long count = readLong();
        if (count < 0) {
            readLong(); // the block's size in bytes, only useful for skipping
            count = -count;
        }
        if (count < 0 || count > remaining()) {
            throw new EOFException("block of " + count + " items announced, " + remaining() + " bytes left");
        }
        return count;
    }

    /** Skips blocks that carry their byte size; returns the item count of the first block that does not. */
    private long skipItems() throws IOException {
        long count = readLong();
        while (count < 0) {
            long size = readLong();
            if (size < 0 || size > remaining()) {
                throw new EOFException("block of " + size + " bytes announced, " + remaining() + " left");
            }
            pos += (int) size;
            count = readLong();
        }
        if (count > remaining()) {
            throw new EOFException("block of " + count + " items announced, " + remaining() + " bytes left");
        }
        return count;
    }

    private void require(int length) throws EOFException {
        if (length < 0 || length > remaining()) {
            throw new EOFException(length + " bytes needed, " + remaining() + " left");
        }
    }
}
