package io.glimpse.demo;

import io.glimpse.clients.view.LiveView;
import io.glimpse.clients.view.ViewTopics;

import java.io.IOException;

/** The live web view ({@code glimpse view}) pointed at a demo's servers and topics, on this machine only. */
final class DemoView {

    private DemoView() {}

    /**
     * Starts the view.
     *
     * @param bootstrapServers the broker
     * @param registryUrl the schema registry
     * @param topics the demo's topics
     * @param port the HTTP port on 127.0.0.1; 0 picks a free one
     * @param sloMillis the latency objective drawn on the chart
     * @return the running view
     * @throws IOException if the port cannot be bound
     */
    static LiveView start(String bootstrapServers, String registryUrl, DemoTopics topics, int port, long sloMillis)
            throws IOException {
        return LiveView.builder()
                .setServers(bootstrapServers, registryUrl)
                .optTopics(new ViewTopics(topics.frames(), topics.results(), topics.deadLetters()))
                .optPort(port)
                .optSloMillis(sloMillis)
                .start();
    }
}
