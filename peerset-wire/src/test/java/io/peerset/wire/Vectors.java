package io.peerset.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the test vectors copied from the shared vector set into {@code src/test/resources/vectors}
 * (their README.md travels with them and documents every expected value). Read from the class path
 * so that a fresh clone needs nothing outside the repository.
 */
final class Vectors {

    /** The real blocks under {@code vectors/blocks/}, without extension. */
    static final List<String> BLOCKS = List.of(
            "block_mainnet_396",
            "block_mainnet_419201",
            "block_mainnet_1687107",
            "block_mainnet_1687113",
            "block_testnet_1842421",
            "block_mainnet_2222000");

    /** Number of ZIP-244 vectors, {@code vectors/zip244/zip244_00.txt} to {@code _09.txt}. */
    static final int ZIP244_COUNT = 10;

    private Vectors() {
    }

    /**
     * Hex vector format: one comment line starting with {@code "# "}, then hex wrapped over lines.
     *
     * @param path path below {@code vectors/}
     * @return the decoded bytes
     */
    static Bytes hex(String path) {
        String text = text(path);
        if (!text.startsWith("# ")) {
            throw new IllegalArgumentException(path + ": first line is not a '# ' comment");
        }
        return Bytes.fromHex(text.substring(text.indexOf('\n') + 1).replaceAll("\\s", ""));
    }

    /**
     * {@code key=value} format: the ZIP-244 vectors and the blocks' {@code .expected.txt}. Lines
     * starting with {@code #} are comments (provenance notes).
     *
     * @param path path below {@code vectors/}
     * @return the values in file order
     */
    static Map<String, String> keyValues(String path) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text(path).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(path + ": not key=value: " + trimmed);
            }
            if (values.put(trimmed.substring(0, eq), trimmed.substring(eq + 1)) != null) {
                throw new IllegalArgumentException(path + ": duplicate key " + trimmed.substring(0, eq));
            }
        }
        return values;
    }

    /** A ZIP-244 vector: transaction bytes, txid and auth digest (both internal order). */
    record Zip244(int index, Bytes tx, String txidInternalHex, String authDigestInternalHex) {
    }

    static Zip244 zip244(int index) {
        Map<String, String> kv = keyValues(String.format("zip244/zip244_%02d.txt", index));
        return new Zip244(index, Bytes.fromHex(required(kv, "tx")), required(kv, "txid"),
                required(kv, "auth_digest"));
    }

    static String required(Map<String, String> kv, String key) {
        String value = kv.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing key " + key);
        }
        return value;
    }

    /**
     * The wire vectors (one '# ' comment line, then hex), as bytes.
     *
     * @param name file name below {@code vectors/}
     * @return the decoded bytes
     */
    static byte[] load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String hex = text.substring(text.indexOf('\n') + 1).replaceAll("\\s", "");
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + path + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
