package io.glimpse.schemas.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.glimpse.schemas.avro.ManifestSignature;
import io.glimpse.schemas.avro.ModelManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSignerTest {

    private static final KeyPair PUBLISHER = SigningKeys.generate();
    private static final ManifestSigner SIGNER = new ManifestSigner(PUBLISHER);
    private static final TrustedKeys TRUSTED = TrustedKeys.of(List.of(PUBLISHER.getPublic()));

    private final ModelManifest unsigned = Packages.published("v1", 10, 4).manifest();

    @Test
    void shouldSignWithEd25519UnderThePublicKeysId() {
        ModelManifest signed = SIGNER.sign(unsigned);

        assertThat(signed.getSignature().getAlgorithm()).isEqualTo("Ed25519");
        assertThat(signed.getSignature().getKeyId()).isEqualTo(SigningKeys.keyId(PUBLISHER.getPublic()))
                .isEqualTo(SIGNER.keyId());
        assertThat(signed.getSignature().getValue().remaining()).isEqualTo(64);
        assertThat(unsigned.getSignature()).as("the input is left alone").isNull();
    }

    @Test
    void shouldPassAManifestSignedByATrustedKey() throws Exception {
        TRUSTED.verify(SIGNER.sign(unsigned), false);
    }

    @Test
    void shouldPassAManifestSignedWithOnlyThePrivateKeyAtHand() throws Exception {
        ManifestSigner fromPrivateKey = new ManifestSigner(PUBLISHER.getPrivate());

        assertThat(fromPrivateKey.keyId()).isEqualTo(SIGNER.keyId());
        TRUSTED.verify(fromPrivateKey.sign(unsigned), false);
    }

    @Test
    void shouldPassASignedManifestAfterAnAvroRoundTrip() throws Exception {
        ModelManifest signed = SIGNER.sign(unsigned);
        ModelManifest read = new SpecificDatumReader<>(ModelManifest.class)
                .read(null, DecoderFactory.get().binaryDecoder(encode(signed), null));

        TRUSTED.verify(read, false);
    }

    @Test
    void shouldSignTheSameBytesWhateverOrderTheMetricsMapIteratesIn() throws Exception {
        Map<String, Double> forward = new LinkedHashMap<>();
        Map<String, Double> backward = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            forward.put("metric" + i, (double) i);
            backward.put("metric" + (39 - i), (double) (39 - i));
        }
        ModelManifest one = ModelManifest.newBuilder(unsigned).setMetrics(forward).build();
        ModelManifest other = ModelManifest.newBuilder(unsigned).setMetrics(backward).build();

        assertThat(ManifestSigner.signedBytes(one)).isEqualTo(ManifestSigner.signedBytes(other));
        ModelManifest signed = SIGNER.sign(one);
        TRUSTED.verify(ModelManifest.newBuilder(signed).setMetrics(backward).build(), false);
    }

    @Test
    void shouldSignTheAvroEncodingOfTheManifestWithoutItsSignature() {
        ModelManifest signed = SIGNER.sign(unsigned);

        assertThat(ManifestSigner.signedBytes(signed)).isEqualTo(ManifestSigner.signedBytes(unsigned))
                .isEqualTo(encode(unsigned));
    }

    @Test
    void shouldRefuseAnUnsignedManifestUnlessAllowed() throws Exception {
        WeightsRejectedException e = catchThrowableOfType(WeightsRejectedException.class,
                () -> TRUSTED.verify(unsigned, false));

        assertThat(e.reason()).isEqualTo(RejectionReason.UNSIGNED);
        assertThat(e).hasMessageContaining("v1").hasMessageContaining("not signed");
        TRUSTED.verify(unsigned, true);
        TrustedKeys.none().verify(unsigned, true);
    }

    @Test
    void shouldRefuseAManifestSignedByAnUntrustedKey() {
        ManifestSigner stranger = new ManifestSigner(SigningKeys.generate());

        WeightsRejectedException e = catchThrowableOfType(WeightsRejectedException.class,
                () -> TRUSTED.verify(stranger.sign(unsigned), true));

        assertThat(e.reason()).isEqualTo(RejectionReason.UNTRUSTED_KEY);
        assertThat(e).hasMessageContaining(stranger.keyId()).hasMessageContaining(SIGNER.keyId());
        assertThat(catchThrowableOfType(WeightsRejectedException.class,
                () -> TrustedKeys.none().verify(SIGNER.sign(unsigned), true)).reason())
                .isEqualTo(RejectionReason.UNTRUSTED_KEY);
    }

    @Test
    void shouldRefuseAManifestAlteredAfterSigning() {
        ModelManifest signed = SIGNER.sign(unsigned);
        ModelManifest altered = ModelManifest.newBuilder(signed)
                .setSha256(Packages.published("v2", 10, 4).manifest().getSha256()).build();

        WeightsRejectedException e = catchThrowableOfType(WeightsRejectedException.class,
                () -> TRUSTED.verify(altered, true));

        assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(e).hasMessageContaining("v1").hasMessageContaining("altered after signing");
    }

    @Test
    void shouldRefuseASignatureOfAnotherAlgorithmOrAGarbledOne() {
        ManifestSignature good = SIGNER.sign(unsigned).getSignature();
        ModelManifest rsa = ModelManifest.newBuilder(unsigned)
                .setSignature(new ManifestSignature("RSA", good.getKeyId(), good.getValue())).build();
        ModelManifest garbled = ModelManifest.newBuilder(unsigned)
                .setSignature(new ManifestSignature("Ed25519", good.getKeyId(), ByteBuffer.wrap(new byte[] {1, 2, 3}))).build();

        assertThat(catchThrowableOfType(WeightsRejectedException.class, () -> TRUSTED.verify(rsa, false)))
                .hasMessageContaining("algorithm RSA").extracting(WeightsRejectedException::reason)
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(catchThrowableOfType(WeightsRejectedException.class, () -> TRUSTED.verify(garbled, false)).reason())
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseAKeyPairWhosePartsDoNotBelongTogether() {
        KeyPair mixed = new KeyPair(SigningKeys.generate().getPublic(), PUBLISHER.getPrivate());

        assertThatThrownBy(() -> new ManifestSigner(mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void shouldLoadTrustedKeysFromPemFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("publisher.pub");
        SigningKeys.writePublicKey(file, PUBLISHER.getPublic());

        TrustedKeys loaded = TrustedKeys.load(List.of(file));

        assertThat(loaded.keyIds()).containsExactly(SIGNER.keyId());
        assertThat(loaded.isEmpty()).isFalse();
        assertThat(TrustedKeys.none().isEmpty()).isTrue();
        loaded.verify(SIGNER.sign(unsigned), false);
    }

    private static byte[] encode(ModelManifest manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(ModelManifest.class).write(manifest, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
