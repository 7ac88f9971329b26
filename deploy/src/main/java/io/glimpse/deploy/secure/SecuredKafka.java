package io.glimpse.deploy.secure;

import io.glimpse.deploy.FreePorts;
import io.glimpse.deploy.KafkaBrokerProcess;
import io.glimpse.deploy.KafkaServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A real broker (a {@link KafkaBrokerProcess}) that requires what a production cluster does: SASL_SSL
 * with SCRAM-SHA-512 on the listener clients use, and ACLs ({@code StandardAuthorizer}, nothing allowed
 * without one). Its certificate comes from a throwaway authority ({@link TestCertificates}).
 *
 * <p>The internal and controller listeners are PLAINTEXT on 127.0.0.1, and their principal,
 * {@code User:ANONYMOUS}, is a super user: the broker talks to its own controller there, and tests
 * create users and ACLs there ({@link #createUser}, {@link #grant}). That is acceptable only because
 * nothing but this machine can reach those ports; a real cluster authenticates every listener.
 */
public final class SecuredKafka implements KafkaServer {

    /** The SASL mechanism of the secured listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final KafkaBrokerProcess broker;
    private final TestCertificates certificates;
    private final int securePort;

    private SecuredKafka(KafkaBrokerProcess broker, TestCertificates certificates, int securePort) {
        this.broker = broker;
        this.certificates = certificates;
        this.securePort = securePort;
    }

    /**
     * Makes the certificates and starts the broker.
     *
     * @param dataDir where the broker keeps its log, configuration and the certificates
     * @return the running broker
     */
    public static SecuredKafka start(Path dataDir) throws IOException, InterruptedException, TimeoutException {
        TestCertificates certificates = TestCertificates.create(dataDir.resolve("tls"));
        int port = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        int securePort = FreePorts.pick();
        KafkaBrokerProcess.Builder builder = KafkaBrokerProcess.builder()
                .setDataDir(dataDir.resolve("broker"))
                .optPort(port)
                .optControllerPort(controllerPort)
                .optProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                        + ",SASL_SSL://127.0.0.1:" + securePort)
                .optProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_SSL://127.0.0.1:" + securePort)
                .optProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL")
                .optProperty("sasl.enabled.mechanisms", MECHANISM)
                .optProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .optProperty("ssl.keystore.type", "PKCS12")
                .optProperty("ssl.keystore.location", certificates.keystore().toString())
                .optProperty("ssl.keystore.password", certificates.password())
                .optProperty("ssl.key.password", certificates.password())
                .optProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .optProperty("allow.everyone.if.no.acl.found", "false")
                .optProperty("super.users", "User:ANONYMOUS");
        KafkaBrokerProcess broker = builder.build();
        broker.start();
        return new SecuredKafka(broker, certificates, securePort);
    }

    /** The SASL_SSL listener, the one clients use. */
    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + securePort;
    }

    /** The PLAINTEXT listener of the super user, for setting up users, ACLs and topics. */
    public String internalBootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Client settings for set-up on the internal listener (super user, no credentials). */
    public Map<String, Object> adminProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, internalBootstrapServers());
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /**
     * Returns the settings a client needs on the secured listener: exactly the keys a user sets.
     *
     * @param user the SCRAM user
     * @param password its password
     * @return {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.mechanism},
     *     {@code sasl.jaas.config} and the trust store
     */
    public Map<String, String> clientProperties(String user, String password) {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, password),
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.truststore().toString(),
                SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.password());
    }

    /** The {@code sasl.jaas.config} value of a SCRAM user. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Creates (or changes the password of) a SCRAM-SHA-512 user. */
    public void createUser(String user, String password) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
        }
    }

    /** Creates ACLs. */
    public void grant(Collection<AclBinding> acls) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createAcls(acls).all().get();
        }
    }

    @Override
    public void close() throws InterruptedException {
        broker.close();
    }
}
