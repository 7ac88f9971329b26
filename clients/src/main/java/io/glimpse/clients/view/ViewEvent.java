package io.glimpse.clients.view;

/**
 * A change worth a marker on the charts: a camera's results moved to another model version or ρ.
 *
 * @param time when the view read the first result with the new value, epoch milliseconds
 * @param streamId the camera
 * @param kind {@code model} or {@code rho}
 * @param from the value before
 * @param to the value now
 */
public record ViewEvent(long time, String streamId, String kind, String from, String to) {

    /** Kind of a model version change. */
    public static final String MODEL = "model";
    /** Kind of a keep-ratio change. */
    public static final String RHO = "rho";
}
