package io.glimpse.clients.frames;

import io.glimpse.schemas.avro.PixelEncoding;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;

import static io.glimpse.clients.frames.MjpegSplitterTest.chunked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawRgbSplitterTest {

    @Test
    void cutsFixedSizeFramesAcrossReads() throws IOException {
        byte[] stream = new byte[2 * 4 * 3 * 3];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (byte) i;
        }
        RawRgbSplitter splitter = new RawRgbSplitter(chunked(stream, 5), 4, 3);
        EncodedImage first = splitter.next().orElseThrow();
        EncodedImage second = splitter.next().orElseThrow();
        assertThat(splitter.next()).isEmpty();
        assertThat(first.data()).hasSize(36).startsWith((byte) 0, (byte) 1);
        assertThat(second.data()[0]).isEqualTo((byte) 36);
        assertThat(first.encoding()).isEqualTo(PixelEncoding.RGB8);
        assertThat(first.width()).isEqualTo(4);
        assertThat(first.height()).isEqualTo(3);
    }

    @Test
    void aPartialFrameIsAnError() throws IOException {
        RawRgbSplitter splitter = new RawRgbSplitter(chunked(new byte[36 + 10], 7), 4, 3);
        assertThat(splitter.next()).isPresent();
        assertThatThrownBy(splitter::next).isInstanceOf(EOFException.class).hasMessageContaining("10 of 36 bytes");
    }
}
