package io.glimpse.demo.chaos;

/** The classes of fault the chaos run injects; each is reported on its own row. */
public enum FaultKind {
    /** SIGKILL of one instance at a random moment under load, restarted after a random pause. */
    INSTANCE_KILL("instance SIGKILL + restart"),
    /** SIGKILL of one instance, restarted; a second instance is killed while the group rebalances for it. */
    KILL_DURING_REBALANCE("instance SIGKILL during a rebalance"),
    /** SIGKILL of the broker process, restarted on the same data directory. */
    BROKER_KILL("broker SIGKILL + restart"),
    /** The schema registry stopped, one instance restarted while it is down, then the registry started again. */
    REGISTRY_OUTAGE("registry stopped + started"),
    /** SIGSTOP of one instance past its session timeout, then SIGCONT: a zombie that must be fenced. */
    INSTANCE_PAUSE("instance SIGSTOP past session timeout"),
    /** Malformed frames of every dead-letter class a producer can cause, mixed into the stream. */
    MALFORMED_BURST("malformed-frame burst");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    /** A short human description, for reports. */
    public String label() {
        return label;
    }
}
