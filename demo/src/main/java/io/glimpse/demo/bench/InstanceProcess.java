package io.glimpse.demo.bench;

import io.glimpse.demo.chaos.AppInstance;
import io.glimpse.demo.chaos.PrometheusScrape;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An instance running as its own process, read from outside as an operator would read it: its
 * Prometheus page for inference time and batch sizes, its {@code /proc} entry for CPU time by kind
 * of thread, and its {@link InstanceRecording flight recording} for collector pauses and long
 * compilations.
 */
final class InstanceProcess implements MeasuredInstance {

    private final AppInstance app;
    private final long pid;
    private final String applicationId;
    private final InstanceRecording recording;
    private final Path home;
    private int dumps;

    /**
     * Wraps a started, ready instance.
     *
     * @param app the process
     * @param applicationId its application id (its stream threads are named after it)
     * @param recording the flight recording it runs
     * @param home its directory (settings, log, state)
     */
    InstanceProcess(AppInstance app, String applicationId, InstanceRecording recording, Path home) {
        this.app = app;
        this.pid = app.pid();
        this.applicationId = applicationId;
        this.recording = recording;
        this.home = home;
    }

    long pid() {
        return pid;
    }

    /** {@inheritDoc} */
    @Override
    public InstanceMeters meters() {
        PrometheusScrape scrape = PrometheusScrape.parse(app.scrape());
        return new InstanceMeters(1000 * scrape.value("glimpse_inference_seconds_sum"), scrape.value("glimpse_batch_size_count"),
                scrape.value("glimpse_batch_size_sum"));
    }

    /** {@inheritDoc} */
    @Override
    public CpuAccount cpu() throws IOException {
        return CpuAccount.of(pid, applicationId);
    }

    /** {@inheritDoc} */
    @Override
    public Stalls stalls(long fromMillis) throws IOException, InterruptedException {
        return recording.read(pid, home.resolve("recording-" + ++dumps + ".jfr")).since(fromMillis);
    }

    /** {@inheritDoc} */
    @Override
    public void freeze() throws IOException, InterruptedException {
        app.pause();
    }

    /** {@inheritDoc} */
    @Override
    public void resume() throws IOException, InterruptedException {
        app.resume();
    }

    /** Stops the process gracefully, waits for it, and deletes its state. */
    @Override
    public void close() throws InterruptedException {
        app.close();
        ProcessLauncher.delete(home.resolve("state"));
    }
}
