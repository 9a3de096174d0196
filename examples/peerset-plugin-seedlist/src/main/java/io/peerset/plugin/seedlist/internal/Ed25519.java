package io.peerset.plugin.seedlist.internal;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.KeyAgreement;

/**
 * Detached Ed25519 signatures of seed lists (RFC 8032), with the JDK's own provider: no third-party
 * cryptography, so the plugin depends on the API alone.
 *
 * <p>Key and signature forms are those that {@code openssl} writes, so a list can be signed without
 * any peerset tool: a public key as 64 hex digits (the raw 32 bytes) or as the Base64 of its
 * X.509 {@code SubjectPublicKeyInfo} (the body of {@code openssl pkey -pubout}, PEM armour allowed);
 * a signature file as the raw 64 bytes ({@code openssl pkeyutl -sign -rawin}), or as their Base64 or
 * hex on one line.
 *
 * <p>On JDK 17 to 21 the Ed25519 provider lives in the JDK module {@code jdk.crypto.ec} (from JDK 22
 * in {@code java.base}), which a jlink image has only when asked for: {@link #isAvailable()} tells,
 * so that a configuration can be refused with that advice instead of a failure at the first fetch.
 *
 * <p>Stateless and thread-safe.
 */
public final class Ed25519 {

    /** The DER prefix of an Ed25519 {@code SubjectPublicKeyInfo}: the key's 32 bytes follow it (RFC 8410). */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    /** What a public key may look like, in words (the option's range). */
    public static final String KEY_EXPECTED = "an Ed25519 public key: 64 hex digits, or the Base64 of its X.509 form "
            + "(openssl pkey -pubout)";

    private Ed25519() {
    }

    /**
     * @param text a public key in one of the accepted forms
     * @return its raw 32 bytes
     * @throws IllegalArgumentException if it is in none of them
     */
    public static byte[] parsePublicKey(String text) {
        requireNonNull(text, "text");
        String compact = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        if (compact.length() == 2 * SeedListConstants.PUBLIC_KEY_BYTES && HEX.matcher(compact).matches()) {
            return HexFormat.of().parseHex(compact);
        }
        if (compact.length() <= 128 && BASE64.matcher(compact).matches()) {
            byte[] der;
            try {
                der = Base64.getDecoder().decode(compact);
            } catch (IllegalArgumentException e) {
                der = new byte[0];
            }
            if (der.length == SPKI_PREFIX.length + SeedListConstants.PUBLIC_KEY_BYTES
                    && Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
                return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
            }
        }
        throw new IllegalArgumentException("not " + KEY_EXPECTED);
    }

    /**
     * @param text a public key
     * @return whether {@link #parsePublicKey} accepts it
     */
    public static boolean isPublicKey(String text) {
        try {
            parsePublicKey(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param file a signature file's bytes (at most {@link SeedListConstants#MAX_SIGNATURE_BYTES})
     * @return the 64-byte signature
     * @throws IllegalArgumentException saying what was expected
     */
    public static byte[] parseSignature(byte[] file) {
        requireNonNull(file, "file");
        if (file.length == SeedListConstants.SIGNATURE_BYTES) {
            return file.clone();
        }
        String text = new String(file, StandardCharsets.US_ASCII).strip();
        if (text.length() == 2 * SeedListConstants.SIGNATURE_BYTES && HEX.matcher(text).matches()) {
            return HexFormat.of().parseHex(text);
        }
        if (BASE64.matcher(text).matches()) {
            try {
                byte[] decoded = Base64.getDecoder().decode(text);
                if (decoded.length == SeedListConstants.SIGNATURE_BYTES) {
                    return decoded;
                }
            } catch (IllegalArgumentException e) {
                // not Base64 after all: refused below
            }
        }
        throw new IllegalArgumentException(file.length + " bytes that are not an Ed25519 signature (expected: its "
                + SeedListConstants.SIGNATURE_BYTES + " bytes, raw or as one line of Base64 or hex)");
    }

    /** @return whether this Java runtime can check Ed25519 signatures */
    public static boolean isAvailable() {
        try {
            KeyFactory.getInstance("Ed25519");
            Signature.getInstance("Ed25519");
            return true;
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }

    /**
     * @return whether this Java runtime has the elliptic curves that TLS servers expect (ECDHE); without
     *         them an https:// fetch fails at the handshake with most servers
     */
    public static boolean tlsCurvesAvailable() {
        try {
            KeyAgreement.getInstance("ECDH");
            KeyAgreement.getInstance("X25519");
            return true;
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }

    /**
     * @param rawKey the public key's 32 bytes
     * @return the key
     * @throws IllegalArgumentException if the runtime refuses the key
     * @throws IllegalStateException    if the runtime has no Ed25519 (see {@link #isAvailable()})
     */
    public static PublicKey publicKey(byte[] rawKey) {
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + rawKey.length);
        System.arraycopy(rawKey, 0, der, SPKI_PREFIX.length, rawKey.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is not available in this Java runtime", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * @param key       the public key
     * @param data      what was signed
     * @param signature the 64-byte signature
     * @return whether the signature is the key's over exactly {@code data}
     * @throws IllegalStateException if the runtime has no Ed25519
     */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is not available in this Java runtime", e);
        } catch (InvalidKeyException | SignatureException e) {
            return false; // a malformed signature is as wrong as a forged one
        }
    }
}
