package io.glimpse.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program that logs one event of each kind the logging configuration treats differently, run as a
 * child JVM by {@link LoggingConfigurationTest} so that Logback configures itself as in a real command:
 * from the class path's logback.xml, the environment and the system properties.
 */
public final class LoggingProbe {

    static final String GLIMPSE_LOGGER = "io.glimpse.probe";
    static final String INFO_MESSAGE = "frame \"{}\" classified";
    static final String INFO_ARGUMENT = "cam-1";
    static final String DEBUG_MESSAGE = "debug detail";
    static final String ERROR_MESSAGE = "batch failed";
    static final String EXCEPTION_MESSAGE = "probe failure";
    static final String KAFKA_INFO = "ProducerConfig values: acks = all";
    static final String KAFKA_WARN = "connection to node -1 could not be established";
    static final String CUDA_WARN = "no CUDA here";

    private LoggingProbe() {}

    public static void main(String[] args) {
        Logger glimpse = LoggerFactory.getLogger(GLIMPSE_LOGGER);
        glimpse.info(INFO_MESSAGE, INFO_ARGUMENT);
        glimpse.debug(DEBUG_MESSAGE);
        glimpse.error(ERROR_MESSAGE, new IllegalStateException(EXCEPTION_MESSAGE));
        Logger kafka = LoggerFactory.getLogger("org.apache.kafka.clients.producer.ProducerConfig");
        kafka.info(KAFKA_INFO);
        kafka.warn(KAFKA_WARN);
        LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").warn(CUDA_WARN);
    }
}
