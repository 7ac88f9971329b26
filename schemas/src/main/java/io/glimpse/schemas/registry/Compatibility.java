package io.glimpse.schemas.registry;

/**
 * Compatibility levels of the Confluent protocol. Glimpse keeps every subject {@link #BACKWARD}: a
 * consumer upgraded to a new schema must still read everything already on the topic.
 */
public enum Compatibility {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE
}
