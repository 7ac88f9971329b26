package io.glimpse.demo.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

    @Test
    void shouldSumAMetricOverItsLabelSetsAndSkipComments() {
        PrometheusScrape scrape = PrometheusScrape.parse("""
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 1.5E7
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 5000000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 1000000.0
                process_resident_memory_bytes 4.2E8
                glimpse_engine_ndarrays 100.0
                """);
        assertThat(scrape.value("jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(2.0e7);
        assertThat(scrape.value("jvm_memory_used_bytes")).isEqualTo(2.1e7);
        assertThat(scrape.value("process_resident_memory_bytes")).isEqualTo(4.2e8);
        assertThat(scrape.value("glimpse_engine_ndarrays")).isEqualTo(100.0);
        assertThat(scrape.value("absent")).isNaN();
        assertThat(PrometheusScrape.parse("").isEmpty()).isTrue();
    }
}
