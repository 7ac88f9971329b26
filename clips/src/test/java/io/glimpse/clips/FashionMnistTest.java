package io.glimpse.clips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

class FashionMnistTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadTheWholeRealTrainSplit() {
        FashionMnist train = RealData.train();

        assertThat(train.getSplit()).isEqualTo(Split.TRAIN);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(train.getClassCounts()).containsOnly(6_000);
        assertThat(FashionMnist.className(train.getLabel(0))).isEqualTo("Ankle boot");
    }

    @Test
    void shouldReadTheWholeRealTestSplit() {
        FashionMnist test = RealData.test();

        assertThat(test.getSplit()).isEqualTo(Split.TEST);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.getClassCounts()).containsOnly(1_000);
    }

    @Test
    void shouldReadRealImagesAsInkOnABlackBackground() {
        FashionMnist train = RealData.train();
        for (int i = 0; i < 100; i++) {
            byte[] image = train.getImage(i);
            assertThat(image).hasSize(784);
            int corners = train.getPixel(i, 0, 0) + train.getPixel(i, 0, 27) + train.getPixel(i, 27, 0)
                    + train.getPixel(i, 27, 27);
            int ink = 0;
            for (byte p : image) {
                ink = Math.max(ink, p & 0xff);
            }
            assertThat(corners).as("corners of item %d", i).isLessThan(40);
            assertThat(ink).as("brightest pixel of item %d", i).isGreaterThan(150);
        }
    }

    @Test
    void shouldReadGzippedAndPlainIdxFilesAlike() throws Exception {
        byte[][] images = IdxFiles.images(5, 3);
        byte[] labels = {9, 0, 3, 3, 7};
        IdxFiles.writeSplit(dir.resolve("plain"), Split.TEST, images, labels, false);
        IdxFiles.writeSplit(dir.resolve("gz"), Split.TEST, images, labels, true);

        for (String variant : new String[] {"plain", "gz"}) {
            FashionMnist split =
                    FashionMnist.builder().setSplit(Split.TEST).optDirectory(dir.resolve(variant)).build();
            assertThat(split.size()).as(variant).isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                assertThat(split.getImage(i)).as("%s image %d", variant, i).isEqualTo(images[i]);
                assertThat(split.getLabel(i)).as("%s label %d", variant, i).isEqualTo(labels[i]);
            }
            assertThat(split.getPixel(1, 5, 10)).isEqualTo(images[1][5 * 28 + 10] & 0xff);
        }
    }

    @Test
    void shouldNameTheDebianPackageWhenFilesAreMissing() {
        assertThatThrownBy(() -> FashionMnist.builder().setSplit(Split.TRAIN).optDirectory(dir).build())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("dataset-fashion-mnist")
                .hasMessageContaining("apt-get install")
                .hasMessageContaining(dir.resolve("train-images-idx3-ubyte").toString());
    }

    @Test
    void shouldNameTheDebianPackageWhenOnlyTheLabelsAreMissing() throws Exception {
        IdxFiles.writeSplit(dir, Split.TEST, IdxFiles.images(2, 0), IdxFiles.labels(2, 0), true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));

        assertThatThrownBy(() -> FashionMnist.builder().setSplit(Split.TEST).optDirectory(dir).build())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("dataset-fashion-mnist")
                .hasMessageContaining("t10k-labels-idx1-ubyte");
    }

    @Test
    void shouldNotReadTheOtherSplitsFiles() throws Exception {
        IdxFiles.writeSplit(dir, Split.TRAIN, IdxFiles.images(2, 0), IdxFiles.labels(2, 0), false);

        assertThatThrownBy(() -> FashionMnist.builder().setSplit(Split.TEST).optDirectory(dir).build())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("test split");
    }

    @Test
    void shouldRejectAFileThatIsNotAnIdxFile() throws Exception {
        IdxFiles.writeSplit(dir, Split.TRAIN, IdxFiles.images(2, 0), IdxFiles.labels(2, 0), false);
        Files.writeString(dir.resolve("train-images-idx3-ubyte"), "<html>Not found</html>");

        assertThatThrownBy(() -> FashionMnist.builder().setSplit(Split.TRAIN).optDirectory(dir).build())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("magic number");
    }

    @Test
    void shouldRejectATruncatedImagesFile() throws Exception {
        byte[] whole = IdxFiles.idx(new byte[3 * 784], 3, 28, 28);
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(whole, whole.length - 100), true);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.idx(new byte[3], 3), true);

        assertThatThrownBy(() -> FashionMnist.builder().setSplit(Split.TRAIN).optDirectory(dir).build())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining("2352 bytes");
    }

    @Test
    void shouldRejectImagesAndLabelsOfDifferentCounts() throws Exception {
        IdxFiles.writeSplit(dir, Split.TRAIN, IdxFiles.images(3, 0), IdxFiles.labels(3, 0), false);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.idx(new byte[4], 4), false);

        assertThatThrownBy(() -> FashionMnist.builder().setSplit(Split.TRAIN).optDirectory(dir).build())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("3 images")
                .hasMessageContaining("4 labels");
    }

    @Test
    void shouldRejectImagesThatAreNot28By28() throws Exception {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.idx(new byte[2 * 32 * 32], 2, 32, 32), false);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.idx(new byte[2], 2), false);

        assertThatThrownBy(() -> FashionMnist.builder().setSplit(Split.TRAIN).optDirectory(dir).build())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("[2, 32, 32]");
    }

    @Test
    void shouldRejectLabelsOutsideZeroToNine() throws Exception {
        IdxFiles.writeSplit(dir, Split.TRAIN, IdxFiles.images(3, 0), new byte[] {1, 10, 2}, false);

        assertThatThrownBy(() -> FashionMnist.builder().setSplit(Split.TRAIN).optDirectory(dir).build())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("label 10 of item 1");
    }

    @Test
    void shouldKeepOnlyTheFirstItemsWithALimit() throws Exception {
        byte[][] images = IdxFiles.images(6, 0);
        IdxFiles.writeSplit(dir, Split.TRAIN, images, IdxFiles.labels(6, 4), false);

        FashionMnist split = FashionMnist.builder().setSplit(Split.TRAIN).optDirectory(dir).optLimit(4).build();

        assertThat(split.size()).isEqualTo(4);
        assertThat(split.getLabel(3)).isEqualTo(7);
        assertThat(split.getImage(3)).isEqualTo(images[3]);
        assertThatThrownBy(() -> split.getLabel(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldNotLetCallersChangeItsImages() throws Exception {
        IdxFiles.writeSplit(dir, Split.TRAIN, IdxFiles.images(1, 0), IdxFiles.labels(1, 0), false);
        FashionMnist split = FashionMnist.builder().setSplit(Split.TRAIN).optDirectory(dir).build();

        byte[] copy = split.getImage(0);
        Arrays.fill(copy, (byte) 0);

        assertThat(split.getImage(0)).isEqualTo(IdxFiles.image(0));
    }

    @Test
    void shouldRequireASplit() {
        assertThatThrownBy(() -> FashionMnist.builder().optDirectory(dir).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("split");
    }

    @Test
    void shouldNameTheTenClassesInLabelOrder() {
        assertThat(FashionMnist.CLASS_NAMES).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertThat(FashionMnist.className(7)).isEqualTo("Sneaker");
    }
}
