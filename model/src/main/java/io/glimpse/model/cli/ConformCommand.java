package io.glimpse.model.cli;

import io.glimpse.model.conform.Check;
import io.glimpse.model.conform.FixtureConformance;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code glimpse model conform}: every parity check against a reference directory; exit 0 iff all pass. */
@Command(
        name = "conform",
        mixinStandardHelpOptions = true,
        description = "Check parity with the official DynamicViT on a reference fixture directory.")
final class ConformCommand implements Callable<Integer> {

    @Option(names = "--fixture", required = true, description = "Directory laid out like the shared reference fixture.")
    Path fixture;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        FixtureConformance conformance = FixtureConformance.of(fixture);
        System.out.println("Fixture " + fixture + "  model " + conformance.getConfig());
        List<Check> checks = conformance.run();
        System.out.printf("%-22s %-28s %-16s %-10s %s%n", "group", "tensor", "result", "tolerance", "");
        int failed = 0;
        for (Check c : checks) {
            String result = c.isExact()
                    ? (c.getValue() == 0 ? "identical" : (long) c.getValue() + " differ")
                    : String.format("max|d| %.2e", c.getValue());
            String tolerance = c.isExact() ? "exact" : String.format("%.0e", c.getTolerance());
            System.out.printf("%-22s %-28s %-16s %-10s %s%n", c.getGroup(), c.getTensor(), result, tolerance,
                    c.passed() ? "ok" : "FAIL");
            if (!c.passed()) {
                failed++;
            }
        }
        System.out.printf("%d checks, %d passed, %d failed%n", checks.size(), checks.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }
}
