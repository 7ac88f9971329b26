package io.glimpse.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.glimpse.schemas.weights.SigningKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteAKeyPairAndPrintItsKeyId() throws Exception {
        Path out = dir.resolve("keys");

        CommandRun run = CommandRun.of("keys", "generate", "--out", out.toString());

        assertThat(run.code()).as(run.err()).isZero();
        String keyId = SigningKeys.keyId(SigningKeys.readPublicKey(out.resolve("glimpse-signing.pub")));
        assertThat(SigningKeys.publicKeyOf(SigningKeys.readPrivateKey(out.resolve("glimpse-signing.key"))))
                .isEqualTo(SigningKeys.readPublicKey(out.resolve("glimpse-signing.pub")));
        assertThat(run.out().strip().lines()).singleElement().asString().startsWith("key id " + keyId + ": ");
    }

    @Test
    void shouldMakeThePrivateKeyReadableByItsOwnerOnly() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");

        CommandRun.of("keys", "generate", "--out", dir.toString());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("glimpse-signing.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void shouldRefuseToOverwriteAnExistingKey() throws Exception {
        Files.writeString(dir.resolve("glimpse-signing.pub"), "the key every app trusts");

        CommandRun run = CommandRun.of("keys", "generate", "--out", dir.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip().lines()).singleElement().asString()
                .startsWith("generate: ").contains("glimpse-signing.pub").contains("refusing to overwrite");
        assertThat(dir.resolve("glimpse-signing.key")).as("neither file is written").doesNotExist();
        assertThat(Files.readString(dir.resolve("glimpse-signing.pub"))).isEqualTo("the key every app trusts");
    }

    @Test
    void shouldAskForASubcommand() {
        CommandRun run = CommandRun.of("keys");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("generate");
    }
}
