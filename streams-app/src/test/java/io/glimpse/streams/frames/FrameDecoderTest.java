package io.glimpse.streams.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.schemas.avro.PixelEncoding;
import io.glimpse.schemas.avro.VideoFrame;
import io.glimpse.streams.inference.ModelInput;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

class FrameDecoderTest {

    private static final int SIZE = 4;

    @Test
    void shouldRefuseAnImageWhoseHeaderDeclaresAnotherSizeBeforeDecodingIt() throws Exception {
        // 40000 x 40000 pixels: decoding would allocate 6.4 GB; the header alone says it is the wrong size.
        byte[] bomb = pngDeclaring(40_000, 40_000);

        assertThatThrownBy(() -> decode(bomb))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("40000x40000")
                .satisfies(e -> assertThat(((InvalidFrameException) e).getReason()).isEqualTo(DeadLetterReason.WRONG_SIZE));
    }

    @Test
    void shouldDecodeAPngOfTheModelsSize() throws Exception {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 0, 0x102030);

        DecodedFrame frame = decode(png(image));

        assertThat(frame.getRgb()).hasSize(SIZE * SIZE * 3);
        assertThat(frame.getRgb()[3]).isEqualTo((byte) 0x10);
        assertThat(frame.getRgb()[4]).isEqualTo((byte) 0x20);
        assertThat(frame.getRgb()[5]).isEqualTo((byte) 0x30);
    }

    @Test
    void shouldCallBytesThatAreNoImageCorrupt() {
        assertThatThrownBy(() -> decode(new byte[] {1, 2, 3}))
                .isInstanceOf(InvalidFrameException.class)
                .satisfies(e -> assertThat(((InvalidFrameException) e).getReason()).isEqualTo(DeadLetterReason.CORRUPT_IMAGE));
    }

    private static DecodedFrame decode(byte[] png) throws InvalidFrameException {
        VideoFrame record = VideoFrame.newBuilder()
                .setStreamId("cam-1")
                .setSequence(0)
                .setCaptureTime(Instant.EPOCH)
                .setWidth(SIZE)
                .setHeight(SIZE)
                .setChannels(3)
                .setEncoding(PixelEncoding.PNG)
                .setData(ByteBuffer.wrap(png))
                .build();
        return new FrameDecoder((topic, bytes) -> record, new ModelInput(SIZE, SIZE, 2), 1 << 20).decode("frames", png);
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A valid small PNG whose IHDR chunk (CRC fixed) claims the given size. */
    private static byte[] pngDeclaring(int width, int height) throws Exception {
        byte[] png = png(new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB));
        ByteBuffer header = ByteBuffer.wrap(png);
        header.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        header.putInt(29, (int) crc.getValue());
        return png;
    }
}
