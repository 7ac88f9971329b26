package io.glimpse.streams.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.resize.ResizePolicy;
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

    @Test
    void shouldLetterboxCameraSizeJpegsIntoTheModelInputAndSayHowLongItTakes() throws Exception {
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    image.setRGB(x, y, (x * 255 / size[0]) << 16 | (y * 255 / size[1]) << 8 | 0x40);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpeg", out);
            byte[] jpeg = out.toByteArray();
            VideoFrame record = VideoFrame.newBuilder().setStreamId("cam-1").setSequence(0).setCaptureTime(Instant.EPOCH)
                    .setWidth(size[0]).setHeight(size[1]).setChannels(3).setEncoding(PixelEncoding.JPEG)
                    .setData(ByteBuffer.wrap(jpeg)).build();
            FrameDecoder decoder = new FrameDecoder((topic, bytes) -> record, new ModelInput(64, 64, 8), 1 << 22,
                    ResizePolicy.FIT, 3840L * 2160);

            DecodedFrame frame = decoder.decode("frames", jpeg);

            assertThat(frame.getWidth()).isEqualTo(64);
            assertThat(frame.getRgb()).hasSize(64 * 64 * 3);
            assertThat(frame.getMapping().frameWidth()).isEqualTo(size[0]);
            assertThat(frame.getMapping().inputWidth()).isEqualTo(64);
            assertThat(frame.getMapping().inputHeight()).isEqualTo(size[0] == 640 ? 48 : 36);
            int rounds = 50;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                decoder.decode("frames", jpeg);
            }
            System.out.printf("decode + fit of a %dx%d JPEG (%d KB) to 64x64: %.2f ms per frame%n",
                    size[0], size[1], jpeg.length / 1024, (System.nanoTime() - start) / 1e6 / rounds);
        }
    }

    @Test
    void shouldRefuseAFrameDeclaringMorePixelsThanAllowedBeforeDecodingIt() {
        VideoFrame record = VideoFrame.newBuilder().setStreamId("cam-1").setSequence(0).setCaptureTime(Instant.EPOCH)
                .setWidth(100_000).setHeight(100_000).setChannels(3).setEncoding(PixelEncoding.RGB8)
                .setData(ByteBuffer.wrap(new byte[3])).build();
        FrameDecoder decoder =
                new FrameDecoder((topic, bytes) -> record, new ModelInput(64, 64, 8), 1 << 20, ResizePolicy.FIT, 1920 * 1080);

        assertThatThrownBy(() -> decoder.decode("frames", new byte[3]))
                .isInstanceOf(InvalidFrameException.class)
                .hasMessageContaining("glimpse.frame.max.pixels")
                .satisfies(e -> assertThat(((InvalidFrameException) e).getReason()).isEqualTo(DeadLetterReason.WRONG_SIZE));
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
