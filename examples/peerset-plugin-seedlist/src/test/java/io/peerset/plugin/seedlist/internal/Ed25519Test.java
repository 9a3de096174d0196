package io.peerset.plugin.seedlist.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {

    /** RFC 8032 section 7.1, test 1: the empty message. */
    private static final String RFC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    static KeyPair keyPair() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static byte[] sign(PrivateKey key, byte[] data) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(data);
        return signer.sign();
    }

    @Test
    void verifiesRfc8032sFirstVector() {
        byte[] raw = Ed25519.parsePublicKey(RFC_KEY);
        assertThat(Ed25519.verify(Ed25519.publicKey(raw), new byte[0], HexFormat.of().parseHex(RFC_SIGNATURE))).isTrue();
        assertThat(Ed25519.verify(Ed25519.publicKey(raw), new byte[1], HexFormat.of().parseHex(RFC_SIGNATURE))).isFalse();
    }

    @Test
    void readsTheKeyFormsOpensslWrites() throws Exception {
        KeyPair pair = keyPair();
        byte[] spki = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        String base64 = Base64.getEncoder().encodeToString(spki);
        assertThat(Ed25519.parsePublicKey(HexFormat.of().formatHex(raw))).isEqualTo(raw);
        assertThat(Ed25519.parsePublicKey(HexFormat.of().withUpperCase().formatHex(raw))).isEqualTo(raw);
        assertThat(Ed25519.parsePublicKey(base64)).isEqualTo(raw);
        assertThat(Ed25519.parsePublicKey("-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n"))
                .isEqualTo(raw);
        assertThat(Ed25519.publicKey(raw).getEncoded()).isEqualTo(spki);
    }

    @Test
    void refusesWhatIsNotAnEd25519Key() {
        assertThat(Ed25519.isPublicKey("abcd")).isFalse();
        assertThat(Ed25519.isPublicKey("zz".repeat(32))).isFalse();
        // an RSA or P-256 key's Base64 has another prefix and length
        assertThat(Ed25519.isPublicKey("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" + "A".repeat(86) + "==")).isFalse();
        assertThatThrownBy(() -> Ed25519.parsePublicKey("abcd")).hasMessageStartingWith("not an Ed25519 public key");
    }

    @Test
    void readsRawBase64AndHexSignatures() throws Exception {
        KeyPair pair = keyPair();
        byte[] data = "1.2.3.4:8233\n".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = sign(pair.getPrivate(), data);
        byte[] raw = Ed25519.parsePublicKey(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        for (byte[] file : new byte[][] {signature,
                (Base64.getEncoder().encodeToString(signature) + "\n").getBytes(StandardCharsets.US_ASCII),
                (HexFormat.of().formatHex(signature) + "\r\n").getBytes(StandardCharsets.US_ASCII)}) {
            assertThat(Ed25519.verify(Ed25519.publicKey(raw), data, Ed25519.parseSignature(file))).isTrue();
        }
        byte[] tampered = data.clone();
        tampered[0] = '9';
        assertThat(Ed25519.verify(Ed25519.publicKey(raw), tampered, signature)).isFalse();
        assertThatThrownBy(() -> Ed25519.parseSignature("not a signature".getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("15 bytes that are not an Ed25519 signature (expected: its 64 bytes, raw or as one line of"
                        + " Base64 or hex)");
    }

    @Test
    void thisJdkHasEd25519AndTheCurvesOfTls() {
        // the full JDK the tests run on: a jlink image without jdk.crypto.ec (JDK 17 to 21) has neither
        assertThat(Ed25519.isAvailable()).isTrue();
        assertThat(Ed25519.tlsCurvesAvailable()).isTrue();
    }
}
