package io.glimpse.schemas.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripBothKeysThroughPemFiles() throws IOException {
        KeyPair keys = SigningKeys.generate();
        Path privateFile = dir.resolve("glimpse-signing.key");
        Path publicFile = dir.resolve("glimpse-signing.pub");

        SigningKeys.writePrivateKey(privateFile, keys.getPrivate());
        SigningKeys.writePublicKey(publicFile, keys.getPublic());

        assertThat(SigningKeys.readPrivateKey(privateFile).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(SigningKeys.readPublicKey(publicFile)).isEqualTo(keys.getPublic());
        assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(publicFile)).startsWith("-----BEGIN PUBLIC KEY-----\n")
                .endsWith("-----END PUBLIC KEY-----\n");
    }

    @Test
    void shouldMakeThePrivateKeyFileReadableByItsOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path privateFile = dir.resolve("glimpse-signing.key");

        SigningKeys.writePrivateKey(privateFile, SigningKeys.generate().getPrivate());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
    }

    @Test
    void shouldNeverOverwriteAKeyFile() throws IOException {
        Path privateFile = Files.writeString(dir.resolve("glimpse-signing.key"), "precious");
        Path publicFile = Files.writeString(dir.resolve("glimpse-signing.pub"), "precious");
        KeyPair keys = SigningKeys.generate();

        assertThatThrownBy(() -> SigningKeys.writePrivateKey(privateFile, keys.getPrivate()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> SigningKeys.writePublicKey(publicFile, keys.getPublic()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(privateFile)).isEqualTo("precious");
    }

    @Test
    void shouldSayWhatAFileIsWhenItIsNotTheKeyAskedFor() throws Exception {
        KeyPair keys = SigningKeys.generate();
        Path publicFile = dir.resolve("a.pub");
        SigningKeys.writePublicKey(publicFile, keys.getPublic());
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a key at all\n");
        Path rsa = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsaPrivateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path garbled = Files.writeString(dir.resolve("garbled.key"), "-----BEGIN PRIVATE KEY-----\n%%%\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SigningKeys.readPrivateKey(publicFile)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a PEM PRIVATE KEY file").hasMessageContaining("a PEM PUBLIC KEY block");
        assertThatThrownBy(() -> SigningKeys.readPublicKey(text)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a PEM PUBLIC KEY file").hasMessageContaining("no PEM block");
        assertThatThrownBy(() -> SigningKeys.readPrivateKey(rsa)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not an Ed25519 private key");
        assertThatThrownBy(() -> SigningKeys.readPrivateKey(garbled)).isInstanceOf(IOException.class)
                .hasMessageContaining("not Base64");
    }

    @Test
    void shouldNameAKeyByTheStartOfTheHashOfItsEncoding() {
        PublicKey key = SigningKeys.generate().getPublic();

        assertThat(SigningKeys.keyId(key)).hasSize(16).matches("[0-9a-f]{16}")
                .isEqualTo(Sha256.hex(key.getEncoded()).substring(0, 16));
        assertThat(SigningKeys.keyId(SigningKeys.generate().getPublic())).isNotEqualTo(SigningKeys.keyId(key));
    }

    @Test
    void shouldDeriveThePublicKeyOfAPrivateKey() {
        KeyPair keys = SigningKeys.generate();

        assertThat(SigningKeys.publicKeyOf(keys.getPrivate())).isEqualTo(keys.getPublic());
    }

    @Test
    void shouldRefuseKeysOfAnotherAlgorithm() throws Exception {
        PrivateKey rsa = rsaPrivateKey();

        assertThatThrownBy(() -> SigningKeys.writePrivateKey(dir.resolve("rsa.key"), rsa))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519 key");
        assertThat(dir.resolve("rsa.key")).doesNotExist();
    }

    private static PrivateKey rsaPrivateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        return generator.generateKeyPair().getPrivate();
    }
}
