package io.glimpse.deploy.secure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority, a broker certificate it signed for {@code 127.0.0.1} and
 * {@code localhost}, and two PKCS12 trust stores: one trusting that authority and one trusting an
 * unrelated authority, to provoke an untrusted-certificate failure. Made with the JDK's
 * {@code keytool}, so no cryptography library joins the class path; EC keys, since they are made in
 * milliseconds where RSA takes seconds on a loaded machine.
 *
 * @param keystore the broker's key and certificate chain (PKCS12)
 * @param truststore a trust store with the authority that signed the broker (PKCS12)
 * @param untrustedTruststore a trust store with another authority only (PKCS12)
 * @param password the password of all three stores and of the broker's key
 */
public record TestCertificates(Path keystore, Path truststore, Path untrustedTruststore, String password) {

    /**
     * Makes the stores in {@code dir}.
     *
     * @param dir a directory for the stores and their intermediate files
     * @return the stores
     * @throws IOException if keytool fails
     */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String password = "test-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        Path ca = dir.resolve("ca.p12");
        Path caCert = dir.resolve("ca.crt");
        Path keystore = dir.resolve("broker.p12");
        Path request = dir.resolve("broker.csr");
        Path signed = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        Path otherCa = dir.resolve("other-ca.p12");
        Path otherCert = dir.resolve("other-ca.crt");
        Path untrusted = dir.resolve("untrusted-truststore.p12");
        keytool(password, "-genkeypair", "-alias", "ca", "-dname", "CN=Glimpse Test CA", "-ext", "bc:c", "-keystore", ca);
        keytool(password, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-file", caCert);
        keytool(password, "-genkeypair", "-alias", "broker", "-dname", "CN=localhost", "-keystore", keystore);
        keytool(password, "-certreq", "-alias", "broker", "-keystore", keystore, "-file", request);
        keytool(password, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-infile", request, "-outfile", signed,
                "-ext", "SAN=ip:127.0.0.1,dns:localhost");
        keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert, "-keystore", keystore);
        keytool(password, "-importcert", "-noprompt", "-alias", "broker", "-file", signed, "-keystore", keystore);
        keytool(password, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert, "-keystore", truststore);
        keytool(password, "-genkeypair", "-alias", "other", "-dname", "CN=Someone Else's CA", "-ext", "bc:c", "-keystore", otherCa);
        keytool(password, "-exportcert", "-rfc", "-alias", "other", "-keystore", otherCa, "-file", otherCert);
        keytool(password, "-importcert", "-noprompt", "-alias", "other", "-file", otherCert, "-keystore", untrusted);
        return new TestCertificates(keystore, truststore, untrusted, password);
    }

    private static void keytool(String password, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object arg : args) {
            command.add(arg.toString());
        }
        boolean makesKey = command.contains("-genkeypair");
        if (makesKey) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        }
        if (command.contains("-gencert")) {
            command.addAll(List.of("-validity", "2"));
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
        if (makesKey) {
            command.addAll(List.of("-keypass", password));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed: " + output.strip());
        }
    }
}
