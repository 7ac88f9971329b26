package io.glimpse.demo;

import static io.glimpse.deploy.junit.GlimpseServersExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.glimpse.clients.view.LiveView;
import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live view in a real browser: a small demo on the real broker, the view on its topics, and
 * headless Chromium reading the page twice some seconds apart. Skipped without Chromium, unless
 * {@code GLIMPSE_BROWSER_REQUIRED=1} (CI), where that fails. The screenshot goes to
 * target/live-view.png, and to the path in {@code -Dglimpse.view.screenshot} when set.
 */
@ExtendWith(GlimpseServersExtension.class)
class LiveViewBrowserTest {

    private static final Pattern TILE = Pattern.compile("<article class=\"tile\"[^>]*data-camera=\"([^\"]+)\"[^>]*>");

    @Test
    @Timeout(240)
    void shouldShowLiveTilesOverlaysAndChartsInABrowser(LocalServers servers, @TempDir Path dir) throws Exception {
        Optional<HeadlessChromium> browser = HeadlessChromium.find(dir.resolve("profile"));
        if (browser.isEmpty() && "1".equals(System.getenv("GLIMPSE_BROWSER_REQUIRED"))) {
            throw new AssertionError("GLIMPSE_BROWSER_REQUIRED=1 but no chromium on the PATH or in /usr/bin");
        }
        assumeTrue(browser.isPresent(), "chromium is not installed");

        DemoTopics topics = DemoTopics.withPrefix(uniqueName("view"));
        try (Demo demo = Demo.builder()
                .setServers(servers.bootstrapServers(), servers.registryUrl())
                .setModel(TinyModel.write(dir), 64)
                .optTopics(topics)
                .optApplicationId(uniqueName("view-app"))
                .optPartitions(2)
                .optCameras(3)
                .optFramesPerSecond(5)
                .optBatchSize(4)
                .build()) {
            demo.start();
            try (LiveView view = DemoView.start(servers.bootstrapServers(), servers.registryUrl(), topics, 0, 250)) {
                assertThat(view.awaitReading(Duration.ofSeconds(30))).isTrue();
                Thread.sleep(4000);   // some seconds of charts
                String first = browser.get().dumpDom(view.url() + "?updates=5", 3000);
                Thread.sleep(3000);
                String second = browser.get().dumpDom(view.url() + "?updates=5", 3000);

                assertLive(first);
                assertLive(second);
                assertThat(cameras(first)).containsExactly("cam-1", "cam-2", "cam-3");
                assertThat(attribute(second, "data-seq")).as("the tiles moved on between the two reads")
                        .isNotEqualTo(attribute(first, "data-seq"));
                assertThat(attribute(second, "data-results")).isNotEqualTo(attribute(first, "data-results"));

                Path shot = Path.of("target", "live-view.png");
                browser.get().screenshot(view.url() + "?updates=5", 3000, shot);
                assertThat(shot).isNotEmptyFile();
                String copy = System.getProperty("glimpse.view.screenshot");
                if (copy != null && !copy.isBlank()) {
                    Files.createDirectories(Path.of(copy).toAbsolutePath().getParent());
                    Files.copy(shot, Path.of(copy), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Fails on a page that rendered without live data: no tiles, no pictures, empty charts. */
    private static void assertLive(String dom) {
        assertThat(dom).as("the page").contains("id=\"tiles\"");
        assertThat(cameras(dom)).as("a tile per camera, from live results").hasSize(3);
        assertThat(dom).containsPattern("data-has-image=\"true\"");
        assertThat(dom).containsPattern("<img[^>]*src=\"/frame/cam-1\\?seq=\\d+\"");
        assertThat(dom).containsPattern("class=\"overlay\"[^>]*data-kept=\"[1-9]\\d*\"");
        assertThat(dom).containsPattern("<span class=\"top\">[^<]+</span>");
        for (String chart : List.of("chart-rate", "chart-latency", "chart-rho")) {
            Matcher m = Pattern.compile("id=\"" + chart + "\"[^>]*data-points=\"(\\d+)\"").matcher(dom);
            assertThat(m.find()).as(chart + " was drawn").isTrue();
            assertThat(Integer.parseInt(m.group(1))).as(chart + " points").isPositive();
        }
    }

    private static List<String> cameras(String dom) {
        return TILE.matcher(dom).results().map(r -> r.group(1)).toList();
    }

    private static List<String> attribute(String dom, String name) {
        return Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom).results().map(r -> r.group(1)).toList();
    }
}
