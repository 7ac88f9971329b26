package io.glimpse.deploy;

import io.glimpse.cli.GlimpseCommandLine;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code glimpse servers}: runs a local broker and registry for the demo and for manual work, in the
 * foreground until Ctrl-C. Both keep their data under {@code --data-dir}, so a restart finds the topics
 * and schemas it left.
 */
@Command(name = "servers", mixinStandardHelpOptions = true,
        description = "Local Kafka broker (KRaft) and schema registry (Apicurio, Confluent API).",
        subcommands = ServersCommand.Start.class)
public final class ServersCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        GlimpseCommandLine.run(new ServersCommand(), args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code glimpse servers start}. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start both servers, print their addresses, and run until Ctrl-C.")
    static final class Start implements Callable<Integer> {

        @Option(names = "--kafka-port", description = "Broker client port (default: the last one used in "
                + "--data-dir, else a free one).")
        int kafkaPort;

        @Option(names = "--registry-port", description = "Registry HTTP port (default: a free one).")
        int registryPort;

        @Option(names = "--data-dir", defaultValue = ".glimpse/servers",
                description = "Where the broker log, registry database and server logs live (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            CountDownLatch stopped = new CountDownLatch(1);
            LocalServers servers = LocalServers.builder()
                    .optKafkaMode(LocalServers.KafkaMode.PROCESS)
                    .optKafkaPort(kafkaPort)
                    .optRegistryPort(registryPort)
                    .optDataDir(dataDir)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("stopping servers");
                try {
                    servers.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
                stopped.countDown();
            }, "glimpse-servers-stop"));
            System.out.println("bootstrap.servers=" + servers.bootstrapServers());
            System.out.println("schema.registry.url=" + servers.registryUrl());
            System.out.println("data=" + servers.dataDir());
            System.out.println("running; Ctrl-C stops both");
            System.out.flush();
            stopped.await();
            return 0;
        }
    }
}
