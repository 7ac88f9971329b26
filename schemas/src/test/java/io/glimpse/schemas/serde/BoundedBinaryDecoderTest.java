package io.glimpse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounded decoder reads every Avro type exactly as Avro's own decoder does — plain and sized blocks,
 * every value read or skipped — and refuses lengths and counts the bytes cannot hold.
 */
class BoundedBinaryDecoderTest {

    private static final Schema POINT = SchemaBuilder.record("Point").fields().requiredInt("x").requiredDouble("y").endRecord();
    private static final Schema EVERYTHING = SchemaBuilder.record("Everything").namespace("io.glimpse.test").fields()
            .requiredBoolean("flag")
            .requiredInt("smallest")
            .requiredLong("largest")
            .requiredFloat("ratio")
            .requiredDouble("pi")
            .requiredString("text")
            .requiredBytes("blob")
            .name("digest").type().fixed("Digest").size(3).noDefault()
            .name("colour").type().enumeration("Colour").symbols("RED", "GREEN").noDefault()
            .name("counts").type().array().items().longType().noDefault()
            .name("names").type().map().values().stringType().noDefault()
            .name("maybe").type().unionOf().nullType().and().stringType().endUnion().noDefault()
            .name("nothing").type().nullType().noDefault()
            .name("points").type().array().items(POINT).noDefault()
            .requiredString("last")
            .endRecord();
    private static final Schema PROJECTION = SchemaBuilder.record("Everything").namespace("io.glimpse.test").fields()
            .requiredString("last").endRecord();

    @ParameterizedTest(name = "sized blocks: {0}")
    @ValueSource(booleans = {false, true})
    void shouldReadEveryTypeAsAvroWroteIt(boolean sizedBlocks) throws IOException {
        GenericRecord record = everything();
        byte[] bytes = encode(record, sizedBlocks);

        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(bytes, 0, bytes.length);
        GenericRecord read = new GenericDatumReader<GenericRecord>(EVERYTHING).read(null, decoder);

        assertThat(read).isEqualTo(record);
        assertThat(decoder.isEnd()).isTrue();
    }

    @ParameterizedTest(name = "sized blocks: {0}")
    @ValueSource(booleans = {false, true})
    void shouldSkipEveryTypeTheReaderLeavesOut(boolean sizedBlocks) throws IOException {
        byte[] bytes = encode(everything(), sizedBlocks);
        assertThat(bytes.length != encode(everything(), false).length).as("blocks carry sizes").isEqualTo(sizedBlocks);

        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(bytes, 0, bytes.length);
        GenericRecord read = new GenericDatumReader<GenericRecord>(EVERYTHING, PROJECTION).read(null, decoder);

        assertThat(read.get("last").toString()).isEqualTo("the end");
        assertThat(decoder.isEnd()).isTrue();
    }

    @Test
    void shouldReadOnlyTheSliceItIsGiven() throws IOException {
        byte[] bytes = encode(everything(), false);
        byte[] framed = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, framed, 5, bytes.length);

        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(framed, 5, bytes.length);

        assertThat(new GenericDatumReader<GenericRecord>(EVERYTHING).read(null, decoder)).isEqualTo(everything());
        assertThat(decoder.isEnd()).isTrue();
    }

    @Test
    void shouldRefuseLengthsAndCountsBeyondTheBytesLeft() {
        byte[] tooLong = {(byte) 0xb6, (byte) 0xfe, (byte) 0xff, (byte) 0xff, 0x0f, 0, 0};
        byte[] tooMany = {(byte) 0x80, (byte) 0xd0, (byte) 0xac, (byte) 0xf3, 0x0e, 0, 0};

        assertThatThrownBy(() -> new BoundedBinaryDecoder(tooLong, 0, tooLong.length).readString())
                .isInstanceOf(EOFException.class).hasMessageContaining("2147483547");
        assertThatThrownBy(() -> new BoundedBinaryDecoder(tooLong, 0, tooLong.length).readBytes(null))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new BoundedBinaryDecoder(tooLong, 0, tooLong.length).skipString())
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new BoundedBinaryDecoder(tooMany, 0, tooMany.length).readArrayStart())
                .isInstanceOf(EOFException.class).hasMessageContaining("2000000000 items");
        assertThatThrownBy(() -> new BoundedBinaryDecoder(tooMany, 0, tooMany.length).readMapStart())
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new BoundedBinaryDecoder(new byte[2], 0, 2).readFixed(new byte[3]))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new BoundedBinaryDecoder(new byte[] {1}, 0, 1).readString())
                .isInstanceOf(AvroRuntimeException.class).hasMessageContaining("negative");
    }

    private static GenericRecord everything() {
        GenericRecord point = new GenericData.Record(POINT);
        point.put("x", -3);
        point.put("y", 0.25);
        GenericRecord record = new GenericData.Record(EVERYTHING);
        record.put("flag", true);
        record.put("smallest", Integer.MIN_VALUE);
        record.put("largest", Long.MAX_VALUE);
        record.put("ratio", -1.5f);
        record.put("pi", Math.PI);
        record.put("text", new Utf8("héllo ✓"));
        record.put("blob", ByteBuffer.wrap(new byte[] {0, -1, 7}));
        record.put("digest", new GenericData.Fixed(EVERYTHING.getField("digest").schema(), new byte[] {1, 2, 3}));
        record.put("colour", new GenericData.EnumSymbol(EVERYTHING.getField("colour").schema(), "GREEN"));
        record.put("counts", new GenericData.Array<>(EVERYTHING.getField("counts").schema(),
                Stream.iterate(1L, n -> n * -7).limit(40).toList()));
        record.put("names", Map.of(new Utf8("a"), new Utf8("alpha"),
                new Utf8("b"), new Utf8("beta")));
        record.put("maybe", new Utf8("here"));
        record.put("nothing", null);
        record.put("points", new GenericData.Array<>(EVERYTHING.getField("points").schema(), List.of(point, point, point)));
        record.put("last", new Utf8("the end"));
        return record;
    }

    /** Avro's encoding of {@code record}; with sized blocks, arrays and maps come in small blocks that carry their size. */
    private static byte[] encode(GenericRecord record, boolean sizedBlocks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = sizedBlocks ? new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null)
                : EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
