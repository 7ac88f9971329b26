package io.glimpse.trainer.data;

import io.glimpse.clips.Clip;
import io.glimpse.clips.ClipSpec;
import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Split;
import io.glimpse.clips.VideoClipGenerator;

import java.util.Locale;

/**
 * Measures how many frames per second one thread generates, and how many it also turns into
 * normalised float batches, so a trainer knows how many generator threads keep a GPU busy.
 *
 * <p>Usage: {@code GeneratorBench [frames] [train|test] [threads]} (default 50,000 train frames;
 * clip generation always runs on one thread, batches on {@code threads}, default 1). Pin the JVM to
 * one core ({@code taskset -c 0}) for a per-core figure.
 */
public final class GeneratorBench {

    private GeneratorBench() {}

    /**
     * Runs the benchmark and prints the rates.
     *
     * @param args {@code [frames] [train|test] [threads]}
     */
    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Split split = args.length > 1 ? Split.valueOf(args[1].toUpperCase(Locale.ROOT)) : Split.TRAIN;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        long start = System.nanoTime();
        FashionMnist items = FashionMnist.load(split);
        System.out.printf(Locale.ROOT, "Read %s in %.2f s%n", items, (System.nanoTime() - start) / 1e9);
        ClipSpec spec = ClipSpec.builder().build();
        VideoClipGenerator generator = new VideoClipGenerator(items, spec);
        int clips = Math.max(1, frames / spec.getFramesPerClip());

        long checksum = generate(generator, 1_000_000, clips / 5); // warm-up
        start = System.nanoTime();
        checksum += generate(generator, 0, clips);
        double seconds = (System.nanoTime() - start) / 1e9;
        int made = clips * spec.getFramesPerClip();
        System.out.printf(Locale.ROOT, "Generated %d frames (%d clips of %s) in %.2f s: %.0f frames/s%n", made,
                clips, spec, seconds, made / seconds);

        FrameBatches batches = FrameBatches.builder().setGenerator(generator).setFrameCount(made / 5)
                .setBatchSize(128).optFlip(true).optThreads(threads).build();
        for (FrameBatch b : batches) { // warm-up
            checksum += b.getLabels()[0];
        }
        batches = FrameBatches.builder().setGenerator(generator).setFrameCount(made).setBatchSize(128)
                .optFirstClip(2_000_000).optFlip(true).optThreads(threads).build();
        start = System.nanoTime();
        for (FrameBatch b : batches) {
            checksum += b.getLabels()[0];
        }
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Generated and normalised %d frames in batches of 128 on %d thread(s) in"
                + " %.2f s: %.0f frames/s (checksum %d)%n", made, threads, seconds, made / seconds, checksum);
    }

    private static long generate(VideoClipGenerator generator, long first, int clips) {
        long checksum = 0;
        for (int c = 0; c < clips; c++) {
            Clip clip = generator.clip(first + c);
            checksum += clip.getFrames().get(clip.getFrames().size() - 1).getPixel(0, 0, 0);
        }
        return checksum;
    }
}
