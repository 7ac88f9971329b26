package io.glimpse.streams;

import io.glimpse.schemas.access.AccessFailure;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTransactionsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the broker, before anything else starts, whether this instance may do what it will do, with its
 * own client settings: connect and authenticate, then Describe/Read/Write its topics, use its group and
 * its transactional ids. Kafka Streams meets a refused password or a missing ACL with retries and stack
 * traces per thread; here it becomes one {@link AccessFailure} that names the setting or ACL, within
 * seconds. A broker that does not answer in time is not an error here: the instance starts and waits
 * for it, as it always has.
 */
final class KafkaPreflight {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPreflight.class);

    private final GlimpseConfig config;
    private final Duration timeout;

    KafkaPreflight(GlimpseConfig config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    /**
     * Runs the checks.
     *
     * @throws AccessFailure if Kafka refuses the credentials, the certificate or an operation
     */
    void check() throws InterruptedException {
        Map<String, Object> settings = adminSettings();
        try (Admin admin = Admin.create(settings)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis())).clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            checkTopics(admin);
            checkGroup(admin);
            checkTransactionalIds(admin);
        } catch (TimeoutException e) {
            LOG.warn("Kafka did not answer the start-up access check within {} s; starting anyway", timeout.toSeconds());
        } catch (ExecutionException e) {
            var refused = AccessFailure.explain(e, settings);
            if (refused.isPresent()) {
                throw refused.get();
            }
            LOG.warn("The start-up access check could not finish ({}); starting anyway", e.getCause().toString());
        } catch (AccessFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw AccessFailure.explain(e, settings).orElseThrow(() -> e);
        }
    }

    private void checkTopics(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, AclOperation> needed = new LinkedHashMap<>();
        needed.put(config.getString(GlimpseConfig.INPUT_TOPIC_CONFIG), AclOperation.READ);
        needed.put(config.getString(GlimpseConfig.OUTPUT_TOPIC_CONFIG), AclOperation.WRITE);
        needed.put(config.getString(GlimpseConfig.DLQ_TOPIC_CONFIG), AclOperation.WRITE);
        String models = config.getString(GlimpseConfig.MODELS_TOPIC_CONFIG);
        if (!models.isBlank()) {
            needed.putIfAbsent(models, AclOperation.READ);
            String status = config.getString(GlimpseConfig.MODELS_STATUS_TOPIC_CONFIG);
            if (!status.isBlank()) {
                needed.putIfAbsent(status, AclOperation.WRITE);
            }
        }
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(needed.keySet(),
                new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(millis())).topicNameValues();
        for (Map.Entry<String, AclOperation> topic : needed.entrySet()) {
            TopicDescription description;
            try {
                description = described.get(topic.getKey()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    throw missing("topic '" + topic.getKey() + "'", AclOperation.DESCRIBE, topic.getValue());
                }
                continue; // e.g. not created yet: Kafka Streams reports a missing source topic itself
            }
            Set<AclOperation> allowed = description.authorizedOperations();
            if (allowed != null && !allowed.contains(topic.getValue()) && !allowed.contains(AclOperation.ALL)) {
                throw missing("topic '" + topic.getKey() + "'", topic.getValue(), AclOperation.DESCRIBE);
            }
        }
    }

    private void checkGroup(Admin admin) throws InterruptedException, TimeoutException {
        String group = config.originals().get(StreamsConfig.APPLICATION_ID_CONFIG).toString();
        try {
            var description = admin.describeConsumerGroups(List.of(group),
                            new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true).timeoutMs(millis()))
                    .describedGroups().get(group).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<AclOperation> allowed = description.authorizedOperations();
            if (allowed != null && !allowed.isEmpty() && !allowed.contains(AclOperation.READ) && !allowed.contains(AclOperation.ALL)) {
                throw missing("consumer group '" + group + "' (the application.id)", AclOperation.READ, AclOperation.DESCRIBE);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupAuthorizationException) {
                throw missing("consumer group '" + group + "' (the application.id)", AclOperation.READ, AclOperation.DESCRIBE);
            }
            // A group that does not exist yet has nothing to describe.
        }
    }

    private void checkTransactionalIds(Admin admin) throws InterruptedException, TimeoutException {
        String prefix = config.originals().get(StreamsConfig.APPLICATION_ID_CONFIG) + "-";
        String probe = prefix + "glimpse-access-check";
        try {
            admin.describeTransactions(List.of(probe), new DescribeTransactionsOptions().timeoutMs(millis()))
                    .description(probe).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdAuthorizationException) {
                throw missing("transactional ids prefixed '" + prefix + "' (exactly-once)", AclOperation.WRITE,
                        AclOperation.DESCRIBE);
            }
            // Not found is the expected answer: the probe id is never used.
        }
    }

    private AccessFailure missing(String resource, AclOperation operation, AclOperation alsoNeeded) {
        return new AccessFailure("missing ACL: " + AccessFailure.principal(config.originals()) + " may not "
                + name(operation) + " " + resource + "; grant " + name(operation) + " and " + name(alsoNeeded)
                + " on it (" + AccessFailure.SEE + ")");
    }

    private static String name(AclOperation operation) {
        String text = operation.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private int millis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** The instance's own connection and security settings, with time limits that fit the check. */
    private Map<String, Object> adminSettings() {
        Map<String, Object> settings = new HashMap<>();
        Set<String> adminKeys = AdminClientConfig.configNames();
        config.originals().forEach((key, value) -> {
            if (adminKeys.contains(key) && !key.startsWith(GlimpseConfig.PREFIX)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, config.originals().get(StreamsConfig.APPLICATION_ID_CONFIG) + "-access-check");
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis());
        return settings;
    }
}
