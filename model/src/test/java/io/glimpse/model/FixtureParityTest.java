package io.glimpse.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.glimpse.model.conform.Check;
import io.glimpse.model.conform.FixtureConformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Parity with the official implementation on the shared reference fixture, one test per tensor. */
class FixtureParityTest {

    private static List<Check> checks;

    @BeforeAll
    static void runFixture() throws Exception {
        Path fixture = Fixtures.referenceDir();
        assertThat(Files.isDirectory(fixture)).as("reference fixture at %s", fixture).isTrue();
        checks = FixtureConformance.of(fixture).run();
    }

    @TestFactory
    Stream<DynamicTest> everyTensorMatchesTheOfficialCode() {
        assertThat(checks).hasSizeGreaterThan(30);
        return checks.stream()
                .map(c -> DynamicTest.dynamicTest(c.getGroup() + " " + c.getTensor(),
                        () -> assertThat(c.passed()).as(c.toString()).isTrue()));
    }
}
