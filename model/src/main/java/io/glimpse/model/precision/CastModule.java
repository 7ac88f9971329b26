package io.glimpse.model.precision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript archive, written byte by byte in Java, whose {@code forward(x)} returns {@code
 * x.to(torch.bfloat16)}.
 *
 * <p>Why it exists: DJL 0.36's PyTorch JNI maps its {@code DataType} to a libtorch dtype in {@code
 * utils::GetScalarTypeFromDType} ({@code djl_pytorch_utils.h}), which knows nine types and ends in a
 * bare {@code throw;} for the rest. With no exception active that is {@code std::terminate}, so every
 * call that passes {@code BFLOAT16} aborts the JVM. A TorchScript method is compiled and run by
 * libtorch itself, so the cast happens without a DJL dtype ever crossing JNI; what comes back is an
 * ordinary tensor handle on which DJL's other operators work.
 *
 * <p>Why it is written by hand: there is no Python here, and DJL can load and save TorchScript but
 * not make it. The archive is what {@code torch::jit::load} reads: a zip with one top folder
 * holding {@code version}, {@code constants.pkl} (an empty tuple), {@code data.pkl} (the module
 * object, a pickle of class {@code __torch__.Bf16Cast} with its one attribute {@code training}) and
 * {@code code/__torch__.py} (the class in TorchScript source, compiled at load). Entries are stored
 * uncompressed. The bytes are the same on every run, so the module is versioned by this class.
 */
final class CastModule {

    /** The class's TorchScript source; 15 is {@code torch.bfloat16}'s ScalarType. */
    static final String SOURCE = String.join("\n",
            "class Bf16Cast(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.Bf16Cast, x: Tensor) -> Tensor:",
            "    return torch.to(x, 15)",
            "");

    private static final String ROOT = "glimpse_bf16_cast/";

    private CastModule() {}

    /**
     * Returns the archive.
     *
     * @return the bytes of a TorchScript zip that {@code torch::jit::load} accepts
     */
    static byte[] archive() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            store(zip, "version", ascii("3\n"));
            store(zip, "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            store(zip, "data.pkl", modulePickle());
            store(zip, "code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Pickle protocol 2: {@code GLOBAL '__torch__ Bf16Cast'}, {@code NEWOBJ} of an empty tuple, then
     * {@code BUILD} with {@code {'training': False}}.
     */
    private static byte[] modulePickle() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x80, 2});
        out.writeBytes(ascii("c__torch__\nBf16Cast\n"));
        out.writeBytes(new byte[] {'q', 0, ')', (byte) 0x81, '}', '('});
        byte[] key = ascii("training");
        out.write('X');
        out.writeBytes(new byte[] {(byte) key.length, 0, 0, 0});
        out.writeBytes(key);
        out.writeBytes(new byte[] {(byte) 0x89, 'u', 'b', '.'});
        return out.toByteArray();
    }

    private static void store(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(ROOT + name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        entry.setTime(0);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
