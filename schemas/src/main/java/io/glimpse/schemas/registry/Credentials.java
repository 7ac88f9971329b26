package io.glimpse.schemas.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a registry call sends in its {@code Authorization} header. A supplier for bearer tokens, because
 * tokens expire and whoever refreshes them is not the registry client.
 */
@FunctionalInterface
public interface Credentials {

    /** The header value for the next request, or empty to send none. */
    Optional<String> authorization();

    /** Sends no credentials. */
    static Credentials none() {
        return Optional::empty;
    }

    /** HTTP basic authentication ({@code basic.auth.user.info} in Confluent's configuration). */
    static Credentials basic(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        String header = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return () -> Optional.of(header);
    }

    /** A bearer token, asked for anew on every request. */
    static Credentials bearer(Supplier<String> token) {
        Objects.requireNonNull(token, "token");
        return () -> Optional.of("Bearer " + token.get());
    }
}
