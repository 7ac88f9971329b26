import io.glimpse.clips.Clip;
import io.glimpse.clips.FashionMnist;
import io.glimpse.clips.Frame;
import io.glimpse.clips.Split;
import io.glimpse.clips.VideoClipGenerator;
import io.glimpse.trainer.train.TrainingData;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the first test frames exactly as {@code glimpse train evaluate} sees them (64×64 canvas,
 * test seed 2), so a model trained elsewhere is scored on the same frames as the card's models.
 * Format: int32 count, then count × 64 × 64 × 3 RGB bytes (row-major), then count label bytes.
 *
 * <p>Run: {@code java -cp "trainer/target/glimpse-trainer.jar:trainer/target/lib/*"
 * tools/gpu-reference/DumpTestFrames.java test-frames.bin 2000}
 */
public class DumpTestFrames {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        VideoClipGenerator test = TrainingData.testGenerator(FashionMnist.load(Split.TEST), 64, 2);
        byte[] labels = new byte[count];
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
            o.writeInt(count);
            int n = 0;
            for (long c = 0; n < count; c++) {
                Clip clip = test.clip(c);
                for (Frame f : clip.getFrames()) {
                    if (n == count) {
                        break;
                    }
                    o.write(f.getPixels());
                    labels[n++] = (byte) f.getLabel();
                }
            }
            o.write(labels);
        }
    }
}
