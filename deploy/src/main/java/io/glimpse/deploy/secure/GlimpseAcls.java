package io.glimpse.deploy.secure;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs each Glimpse program needs, in one place: the secured-cluster tests grant exactly these,
 * {@code deploy/k8s/kafka-user.yaml} lists the app's (a test compares them) and the README's
 * "Secured clusters" section states them.
 */
public final class GlimpseAcls {

    private GlimpseAcls() {}

    /**
     * The ACLs of {@code glimpse app run}. Kafka Streams' consumer group is the application id; its
     * transactional ids (exactly-once v2) and internal topics start with {@code <application.id>-}.
     *
     * @param principal e.g. {@code User:glimpse}
     * @param applicationId {@code application.id}
     * @param inputTopic {@code glimpse.input.topic} (read)
     * @param outputTopic {@code glimpse.output.topic} (written)
     * @param deadLetterTopic {@code glimpse.dlq.topic} (written)
     * @param modelsTopic {@code glimpse.models.topic} (read without a group), or empty
     * @param modelsStatusTopic {@code glimpse.models.status.topic} (written), or empty
     * @return the bindings
     */
    public static List<AclBinding> app(String principal, String applicationId, String inputTopic, String outputTopic,
            String deadLetterTopic, String modelsTopic, String modelsStatusTopic) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, inputTopic, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, principal, outputTopic, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, principal, deadLetterTopic, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
        if (!modelsTopic.isBlank()) {
            topic(acls, principal, modelsTopic, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        }
        if (!modelsStatusTopic.isBlank()) {
            topic(acls, principal, modelsStatusTopic, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        topic(acls, principal, applicationId + "-", PatternType.PREFIXED, AclOperation.CREATE, AclOperation.READ,
                AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.DELETE);
        add(acls, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL), principal,
                AclOperation.READ, AclOperation.DESCRIBE);
        add(acls, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED), principal,
                AclOperation.WRITE, AclOperation.DESCRIBE);
        add(acls, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL), principal,
                AclOperation.IDEMPOTENT_WRITE);
        return acls;
    }

    /**
     * The ACLs of {@code glimpse demo bench --cluster-config}: it creates fresh topics and application ids
     * for every round, so everything is granted by prefix.
     *
     * @param principal e.g. {@code User:bench}
     * @param topicPrefix the prefix of the bench's frames, results and dead-letter topics
     * @param applicationIdPrefix the prefix of its instances' application ids (their groups, transactional ids
     *     and internal topics)
     * @return the bindings
     */
    public static List<AclBinding> bench(String principal, String topicPrefix, String applicationIdPrefix) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, topicPrefix, PatternType.PREFIXED, AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        topic(acls, principal, applicationIdPrefix, PatternType.PREFIXED, AclOperation.CREATE, AclOperation.READ,
                AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.DELETE);
        add(acls, new ResourcePattern(ResourceType.GROUP, applicationIdPrefix, PatternType.PREFIXED), principal,
                AclOperation.READ, AclOperation.DESCRIBE);
        add(acls, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationIdPrefix, PatternType.PREFIXED), principal,
                AclOperation.WRITE, AclOperation.DESCRIBE);
        add(acls, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL), principal,
                AclOperation.IDEMPOTENT_WRITE);
        return acls;
    }

    /** The ACLs of {@code glimpse frames send}: write the frames topic. */
    public static List<AclBinding> framesSender(String principal, String framesTopic) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, framesTopic, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
        return acls;
    }

    /** The ACLs of {@code glimpse results tail}: read the results topic (assigned partitions, no group). */
    public static List<AclBinding> resultsReader(String principal, String resultsTopic) {
        List<AclBinding> acls = new ArrayList<>();
        topic(acls, principal, resultsTopic, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        return acls;
    }

    private static void topic(List<AclBinding> acls, String principal, String name, PatternType pattern,
            AclOperation... operations) {
        add(acls, new ResourcePattern(ResourceType.TOPIC, name, pattern), principal, operations);
    }

    private static void add(List<AclBinding> acls, ResourcePattern resource, String principal, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
