package io.glimpse.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** CPU lists as taskset writes them: what the instance gets is what the bench may use less the servers' CPUs. */
class CpuListTest {

    @Test
    void shouldReadAndWriteTasksetLists() {
        assertThat(CpuList.parse("0-2,5").cpus()).containsExactly(0, 1, 2, 5);
        assertThat(CpuList.parse("5, 0-2")).hasToString("0-2,5");
        assertThat(CpuList.parse("3")).hasToString("3");
        assertThat(CpuList.parse("0,1,2,4,5")).hasToString("0-2,4-5");
    }

    @Test
    void shouldLeaveTheInstanceTheCpusTheServersDoNotTake() {
        assertThat(CpuList.parse("0-1").minus(CpuList.parse("1"))).hasToString("0");
        assertThat(CpuList.parse("0").minus(CpuList.parse("1"))).hasToString("0");
        assertThat(CpuList.parse("0-3").minus(CpuList.parse("1-2")).size()).isEqualTo(2);
        assertThat(CpuList.parse("1").minus(CpuList.parse("1")).isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseWhatIsNotACpuList() {
        assertThatThrownBy(() -> CpuList.parse("a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> CpuList.parse("3-1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3-1");
    }
}
