package io.glimpse.schemas.access;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Kafka refused this client: wrong credentials, an untrusted certificate or a missing ACL. None of these
 * heals by retrying, and Kafka's own exceptions name neither the setting nor the ACL to fix, so the
 * message here does, on one line and without the secret: a caller stops with it instead of retrying.
 */
public final class AccessFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Where the README lists the settings and ACLs. */
    public static final String SEE = "see the README, 'Secured clusters'";

    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    /**
     * Makes a failure with a finished message (one line).
     *
     * @param message what was refused and which setting or ACL fixes it
     */
    public AccessFailure(String message) {
        super(message);
    }

    /**
     * Explains a failure, if it or one of its causes is a Kafka security refusal.
     *
     * @param failure what a Kafka client threw
     * @param settings the client's settings, to name the user and the trust store (values of secrets are
     *     never quoted)
     * @return the explanation, or empty when the failure is something else
     */
    public static Optional<AccessFailure> explain(Throwable failure, Map<String, ?> settings) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AccessFailure known) {
                return Optional.of(known);
            }
            Optional<String> line = describe(t, settings);
            if (line.isPresent()) {
                return Optional.of(new AccessFailure(line.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> describe(Throwable t, Map<String, ?> settings) {
        String principal = principal(settings);
        if (t instanceof SaslAuthenticationException) {
            return Optional.of("Kafka refused the credentials (sasl.jaas.config, sasl.mechanism="
                    + setting(settings, "sasl.mechanism", "GSSAPI") + ") for " + principal + ": " + t.getMessage());
        }
        if (t instanceof SslAuthenticationException) {
            String store = setting(settings, "ssl.truststore.location", "");
            String where = store.isEmpty()
                    ? "ssl.truststore.location is not set, so only the JVM's default authorities are trusted"
                    : "ssl.truststore.location=" + store;
            return Optional.of("the TLS handshake with Kafka failed; is the broker's certificate authority in the trust"
                    + " store (" + where + ")? " + rootMessage(t));
        }
        if (t instanceof AuthenticationException) {
            return Optional.of("Kafka authentication failed (security.protocol=" + setting(settings, "security.protocol",
                    "PLAINTEXT") + ", sasl.mechanism, sasl.jaas.config) for " + principal + ": " + t.getMessage());
        }
        if (t instanceof TopicAuthorizationException topics) {
            return Optional.of("missing ACL: " + principal + " may not use topic(s) " + topics.unauthorizedTopics()
                    + " (a reader needs Read and Describe, a writer Write and Describe; " + SEE + ")");
        }
        if (t instanceof GroupAuthorizationException group) {
            return Optional.of("missing ACL: " + principal + " may not use consumer group '" + group.groupId()
                    + "' (it needs Read on the group; " + SEE + ")");
        }
        if (t instanceof TransactionalIdAuthorizationException) {
            return Optional.of("missing ACL: " + principal + " may not use its transactional ids (exactly-once needs"
                    + " Write and Describe on transactional ids prefixed '" + setting(settings, "application.id", "<application.id>")
                    + "-'; " + SEE + "): " + t.getMessage());
        }
        if (t instanceof ClusterAuthorizationException) {
            return Optional.of("missing ACL: " + principal + " was refused a cluster operation (IdempotentWrite on the"
                    + " cluster for idempotent producers; " + SEE + "): " + t.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Names the client's principal as a broker sees a SCRAM or PLAIN user: {@code User:name} from
     * {@code sasl.jaas.config}'s {@code username}, never its password.
     *
     * @param settings the client's settings
     * @return e.g. {@code User:glimpse}, or a description when no user is configured
     */
    public static String principal(Map<String, ?> settings) {
        Object jaas = settings.get("sasl.jaas.config");
        if (jaas != null) {
            Matcher user = JAAS_USER.matcher(jaas.toString());
            if (user.find()) {
                return "User:" + user.group(1);
            }
        }
        return "this client (no username in sasl.jaas.config)";
    }

    private static String setting(Map<String, ?> settings, String key, String otherwise) {
        Object value = settings.get(key);
        return value == null || value.toString().isBlank() ? otherwise : value.toString().strip();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
