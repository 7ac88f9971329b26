package io.glimpse.clients.frames;

import io.glimpse.schemas.avro.PixelEncoding;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MjpegSplitterTest {

    static byte[] jpeg(int width, int height, Color color) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.drawLine(0, 0, width - 1, height - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /** Hands out at most {@code chunk} bytes per read, so markers straddle the splitter's reads. */
    static InputStream chunked(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void splitsConcatenatedImagesWhateverTheReadSizes() throws IOException {
        byte[] a = jpeg(64, 48, Color.RED);
        byte[] b = jpeg(1280, 720, Color.BLUE);
        byte[] c = jpeg(3, 5, Color.GREEN);
        for (int chunk : new int[] {1, 2, 3, 7, 4096, 1 << 20}) {
            MjpegSplitter splitter = new MjpegSplitter(chunked(concat(a, b, c), chunk));
            EncodedImage first = splitter.next().orElseThrow();
            EncodedImage second = splitter.next().orElseThrow();
            EncodedImage third = splitter.next().orElseThrow();
            assertThat(splitter.next()).as("chunk %d", chunk).isEmpty();
            assertThat(first.data()).isEqualTo(a);
            assertThat(second.data()).isEqualTo(b);
            assertThat(third.data()).isEqualTo(c);
            assertThat(new int[] {first.width(), first.height(), second.width(), second.height(), third.width(), third.height()})
                    .containsExactly(64, 48, 1280, 720, 3, 5);
            assertThat(first.encoding()).isEqualTo(PixelEncoding.JPEG);
            assertThat(first.channels()).isEqualTo(3);
        }
    }

    @Test
    void anEndMarkerInsideASegmentDoesNotEndTheImage() throws IOException {
        byte[] image = jpeg(16, 16, Color.RED);
        // An APP1 segment (like an EXIF thumbnail) holding FFD8 ... FFD9, inserted right after SOI.
        byte[] payload = {(byte) 0xFF, (byte) 0xD8, 1, 2, (byte) 0xFF, (byte) 0xD9};
        byte[] app1 = concat(new byte[] {(byte) 0xFF, (byte) 0xE1, 0, (byte) (payload.length + 2)}, payload);
        byte[] withThumbnail = concat(Arrays.copyOf(image, 2), app1, Arrays.copyOfRange(image, 2, image.length));
        MjpegSplitter splitter = new MjpegSplitter(chunked(concat(withThumbnail, image), 5));
        assertThat(splitter.next().orElseThrow().data()).isEqualTo(withThumbnail);
        assertThat(splitter.next().orElseThrow().data()).isEqualTo(image);
        assertThat(splitter.next()).isEmpty();
    }

    @Test
    void aStreamCutInsideAnImageIsAnError() throws IOException {
        byte[] image = jpeg(32, 32, Color.RED);
        MjpegSplitter splitter = new MjpegSplitter(chunked(concat(image, Arrays.copyOf(image, image.length / 2)), 3));
        assertThat(splitter.next()).isPresent();
        assertThatThrownBy(splitter::next).isInstanceOf(EOFException.class).hasMessageContaining("inside an image");
    }

    @Test
    void bytesBeforeTheFirstImageAreSkipped() throws IOException {
        byte[] image = jpeg(8, 8, Color.RED);
        MjpegSplitter splitter = new MjpegSplitter(chunked(concat(new byte[] {0, (byte) 0xFF, 0x12}, image), 2));
        assertThat(splitter.next().orElseThrow().data()).isEqualTo(image);
        assertThat(new MjpegSplitter(new ByteArrayInputStream(new byte[0])).next()).isEmpty();
    }
}
