package io.glimpse.schemas.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Blanks out secrets in text that goes into an exception message or a log line. Whatever answers a request
 * may echo the request's credentials (debugging proxies and login pages do), and a message may end up in a
 * dead-letter header that anyone reading the topic sees; so every text taken from an answer passes through
 * here, with the secrets of the request that provoked it.
 */
final class Redaction {

    static final String MASK = "[redacted]";
    private static final int MAX_QUOTED = 300;

    private final List<String> secrets;

    private Redaction(Collection<String> secrets) {
        List<String> longestFirst = new ArrayList<>();
        secrets.stream().filter(secret -> secret != null && !secret.isEmpty()).distinct().forEach(longestFirst::add);
        // Longest first, so that a secret containing another is masked whole.
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(longestFirst);
    }

    static Redaction of(Collection<String> secrets) {
        return new Redaction(secrets);
    }

    /**
     * The secrets an {@code Authorization} header value carries: the value itself, its credentials part, and
     * for basic authentication the decoded {@code user:password} and the password.
     */
    static List<String> secretsOf(String authorization) {
        List<String> secrets = new ArrayList<>();
        if (authorization == null || authorization.isEmpty()) {
            return secrets;
        }
        secrets.add(authorization);
        int space = authorization.indexOf(' ');
        String token = space >= 0 ? authorization.substring(space + 1).trim() : authorization;
        secrets.add(token);
        if (space >= 0 && authorization.substring(0, space).equalsIgnoreCase("Basic")) {
            try {
                String userPassword = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
                secrets.add(userPassword);
                int colon = userPassword.indexOf(':');
                secrets.add(colon >= 0 ? userPassword.substring(colon + 1) : userPassword);
            } catch (IllegalArgumentException notBase64) {
                // Nothing more to derive; the token itself is masked.
            }
        }
        return secrets;
    }

    /** This redaction and {@code more} secrets. */
    Redaction and(Collection<String> more) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(more);
        return new Redaction(all);
    }

    /** {@code text} with every secret masked; null stays null. */
    String apply(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** {@code text} masked, on one line and cut to a length that suits a message. */
    String quote(String text) {
        if (text == null || text.isBlank()) {
            return "(no body)";
        }
        String masked = apply(text).replaceAll("\\s+", " ").trim();
        return masked.length() <= MAX_QUOTED ? masked : masked.substring(0, MAX_QUOTED) + "…";
    }
}
