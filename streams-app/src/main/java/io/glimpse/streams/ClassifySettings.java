package io.glimpse.streams;

import java.time.Duration;

/**
 * What each {@link ClassifyProcessor} is told by configuration, in one immutable value.
 *
 * @param topK classes reported per frame
 * @param maxInFlight frames a task may hold before it waits
 * @param maxBlock longest a stream thread waits for capacity
 * @param drainInterval how often a task checks for finished batches
 * @param deadLetterMaxPayload most bytes of a frame copied into its dead letter
 */
record ClassifySettings(int topK, int maxInFlight, Duration maxBlock, Duration drainInterval, int deadLetterMaxPayload) {

    ClassifySettings {
        if (topK < 1 || maxInFlight < 1 || deadLetterMaxPayload < 0 || maxBlock.isNegative()) {
            throw new IllegalArgumentException("Invalid settings: " + topK + ", " + maxInFlight + ", " + maxBlock + ", "
                    + deadLetterMaxPayload);
        }
    }

    /**
     * Reads the settings.
     *
     * @param config the instance's configuration
     * @return the settings
     */
    static ClassifySettings from(GlimpseConfig config) {
        return new ClassifySettings(
                config.getInt(GlimpseConfig.TOP_K_CONFIG),
                config.getInt(GlimpseConfig.MAX_IN_FLIGHT_CONFIG),
                Duration.ofMillis(config.getLong(GlimpseConfig.BACKPRESSURE_MAX_WAIT_MS_CONFIG)),
                Duration.ofMillis(config.getLong(GlimpseConfig.DRAIN_INTERVAL_MS_CONFIG)),
                config.getInt(GlimpseConfig.DLQ_MAX_PAYLOAD_BYTES_CONFIG));
    }
}
