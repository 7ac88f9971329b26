package io.glimpse.demo.chaos;

/**
 * A fault as it happened.
 *
 * @param fault what was planned
 * @param injectedMillis when it was injected (epoch milliseconds)
 * @param undoneMillis when the harness had undone it (restarts issued, outage over)
 * @param detail what was hit, for the report
 */
public record InjectedFault(Fault fault, long injectedMillis, long undoneMillis, String detail) {}
