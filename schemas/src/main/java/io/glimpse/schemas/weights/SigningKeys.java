package io.glimpse.schemas.weights;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The publisher's Ed25519 keys, with nothing but the JDK: generate a pair, name a public key by a short
 * id (what a manifest's signature carries), and keep keys in PEM files that OpenSSL reads too
 * ({@code PRIVATE KEY}: PKCS#8; {@code PUBLIC KEY}: X.509 SubjectPublicKeyInfo).
 *
 * <p>Key files are precious: writing never replaces an existing file, and a private key file is readable by
 * its owner only where the file system has POSIX permissions.
 */
public final class SigningKeys {

    /** The JDK's name of the curve and of the signature algorithm. */
    public static final String ALGORITHM = "Ed25519";

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    /** A PEM key file is a few hundred bytes; anything much larger is not one. */
    private static final long MAX_KEY_FILE_SIZE = 64 * 1024;

    private SigningKeys() {}

    /** A fresh Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM + " (Java 15 or later has)", e);
        }
    }

    /** The key's id: the first 16 hex characters of the SHA-256 of its X.509 encoding. */
    public static String keyId(PublicKey key) {
        requireEd25519(key);
        return Sha256.hex(key.getEncoded()).substring(0, 16);
    }

    /**
     * The public key of an Ed25519 private key. The JDK has no direct call for it; its key-pair generator
     * derives the public key from the 32 random bytes it draws, so it is handed those bytes. The result is
     * checked (the generated private key must be the given one, and a signature must verify).
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        requireEd25519(key);
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the private key does not expose its bytes"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
            if (!Arrays.equals(derived, seed) || !matches(key, pair.getPublic())) {
                throw new IllegalStateException("could not derive the public key of an " + ALGORITHM + " private key");
            }
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not derive the public key of an " + ALGORITHM + " private key", e);
        }
    }

    /** Whether {@code publicKey} verifies what {@code privateKey} signs. */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "glimpse key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(ALGORITHM);
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        return verifier.verify(signature);
    }

    /** Writes a PEM {@code PRIVATE KEY} (PKCS#8) file, owner-only where POSIX; never overwrites. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        requireEd25519(key);
        if (file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, pem(PRIVATE_LABEL, key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** Writes a PEM {@code PUBLIC KEY} (X.509) file; never overwrites. */
    public static void writePublicKey(Path file, PublicKey key) throws IOException {
        requireEd25519(key);
        Files.createFile(file);
        Files.writeString(file, pem(PUBLIC_LABEL, key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** Reads an Ed25519 private key from a PEM {@code PRIVATE KEY} file; an IOException says what else it is. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        byte[] der = readPem(file, PRIVATE_LABEL);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(file + " is not an " + ALGORITHM + " private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    /** Reads an Ed25519 public key from a PEM {@code PUBLIC KEY} file; an IOException says what else it is. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        byte[] der = readPem(file, PUBLIC_LABEL);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(file + " is not an " + ALGORITHM + " public key (X.509): " + e.getMessage(), e);
        }
    }

    static void requireEd25519(Key key) {
        if (!(key instanceof EdECKey ec) || !ALGORITHM.equalsIgnoreCase(ec.getParams().getName())) {
            throw new IllegalArgumentException("not an " + ALGORITHM + " key: "
                    + (key == null ? "null" : key.getAlgorithm() + " " + key.getClass().getSimpleName()));
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] readPem(Path file, String label) throws IOException {
        if (Files.size(file) > MAX_KEY_FILE_SIZE) {
            throw new IOException(file + " is not a PEM " + label + " file: " + Files.size(file) + " bytes");
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from < 0 || to < 0) {
            int other = text.indexOf("-----BEGIN ");
            String found = other < 0 ? "no PEM block" : "a PEM " + text.substring(other + 11, Math.max(other + 11,
                    text.indexOf("-----", other + 11))) + " block";
            throw new IOException(file + " is not a PEM " + label + " file: it holds " + found);
        }
        try {
            return Base64.getDecoder().decode(text.substring(from + begin.length(), to).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a PEM " + label + " file: its body is not Base64", e);
        }
    }

    /** Hands a key-pair generator the bytes of an existing private key instead of random ones. */
    private static final class FixedBytes extends SecureRandom {

        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("expected a request for " + bytes.length + " bytes, got " + out.length);
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
