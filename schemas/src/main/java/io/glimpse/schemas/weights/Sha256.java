package io.glimpse.schemas.weights;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as the manifest spells it: lowercase hex, 64 characters. */
final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern LOWERCASE_HEX_64 = Pattern.compile("[0-9a-f]{64}");
    /** How many hex characters of a digest a message shows: enough to tell two apart at a glance. */
    static final int PREFIX = 12;

    private Sha256() {}

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String hex(byte[] data) {
        return hex(data, 0, data.length);
    }

    static String hex(byte[] data, int offset, int length) {
        MessageDigest digest = digest();
        digest.update(data, offset, length);
        return HEX.formatHex(digest.digest());
    }

    /** Hashes the buffer's remaining bytes without moving its position. */
    static String hex(ByteBuffer data) {
        MessageDigest digest = digest();
        digest.update(data.duplicate());
        return HEX.formatHex(digest.digest());
    }

    static String hexOf(MessageDigest digest) {
        return HEX.formatHex(digest.digest());
    }

    static boolean isHex(String value) {
        return value != null && LOWERCASE_HEX_64.matcher(value).matches();
    }

    /** The first {@value #PREFIX} characters, for messages. */
    static String prefix(String hex) {
        return hex == null ? "null" : hex.length() <= PREFIX ? hex : hex.substring(0, PREFIX);
    }
}
