package io.glimpse.trainer.cli;

import io.glimpse.schemas.weights.SigningKeys;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code glimpse train keys}: the publisher's signing keys. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage the Ed25519 keys that sign published models.",
        subcommands = KeysCommand.Generate.class)
final class KeysCommand implements Runnable {

    /** The private key's file name in the output directory. */
    static final String PRIVATE_KEY = "glimpse-signing.key";
    /** The public key's file name in the output directory. */
    static final String PUBLIC_KEY = "glimpse-signing.pub";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: generate");
    }

    /** {@code glimpse train keys generate}: a fresh key pair in two PEM files. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a new key pair: " + PRIVATE_KEY + " (private, owner-only: give it to publish --key)"
                    + " and " + PUBLIC_KEY + " (public: list it in the apps' glimpse.model.trusted.keys).")
    static final class Generate implements Callable<Integer> {

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the two key files")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path privateFile = out.resolve(PRIVATE_KEY);
            Path publicFile = out.resolve(PUBLIC_KEY);
            for (Path file : new Path[] {privateFile, publicFile}) {
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString(), null,
                            "refusing to overwrite an existing key file");
                }
            }
            Files.createDirectories(out);
            KeyPair keys = SigningKeys.generate();
            SigningKeys.writePrivateKey(privateFile, keys.getPrivate());
            SigningKeys.writePublicKey(publicFile, keys.getPublic());
            spec.commandLine().getOut().println("key id " + SigningKeys.keyId(keys.getPublic()) + ": private key "
                    + privateFile + " (keep it secret), public key " + publicFile + " (trust it in the apps)");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
