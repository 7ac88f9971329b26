package io.glimpse.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Headless Chromium as a test's browser: dumps the DOM after the page ran a while, or takes a screenshot. */
final class HeadlessChromium {

    private final Path binary;
    private final Path profile;

    private HeadlessChromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    /**
     * Finds Chromium on the PATH or in /usr/bin.
     *
     * @param profile an empty directory for its profile
     * @return the browser, or empty when none is installed
     */
    static Optional<HeadlessChromium> find(Path profile) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                candidates.add(Path.of(dir, name));
            }
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(b -> new HeadlessChromium(b, profile));
    }

    /**
     * Loads a page, lets its scripts run, and returns the DOM.
     *
     * @param url the page
     * @param millis how long the page runs (virtual time)
     * @return the serialised DOM
     */
    String dumpDom(String url, int millis) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", "--virtual-time-budget=" + millis, url), null);
    }

    /**
     * Loads a page, lets its scripts run, and writes a screenshot.
     *
     * @param url the page
     * @param millis how long the page runs (virtual time)
     * @param png where the screenshot goes
     */
    void screenshot(String url, int millis, Path png) throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1400,1000", "--hide-scrollbars",
                "--virtual-time-budget=" + millis, url), null);
    }

    private String run(List<String> args, Path unused) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(args);
        Path err = Files.createTempFile("chromium", ".log");
        Path out = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 60 s: " + Files.readString(err));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        Files.deleteIfExists(err);
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return dom;
    }
}
