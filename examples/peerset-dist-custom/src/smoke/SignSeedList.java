import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs a seed list for the custom distribution's smoke run, as an operator would with openssl
 * (docs/PLUGINS.md), but needing nothing beyond the JDK that runs the build: a fresh Ed25519 key pair
 * each time (no private key is kept anywhere), the detached signature in Base64 beside the list, and
 * the public key's 64 hex digits on standard output.
 *
 * <p>Run as a single source file: {@code java SignSeedList.java seeds.txt}.
 */
public final class SignSeedList {

    private SignSeedList() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java SignSeedList.java LIST (writes LIST.sig, prints the public key)");
            System.exit(2);
        }
        Path list = Path.of(args[0]);
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(Files.readAllBytes(list));
        Files.write(Path.of(list + ".sig"), Base64.getEncoder().encode(signer.sign()));
        byte[] spki = pair.getPublic().getEncoded(); // the raw key is its last 32 bytes (RFC 8410)
        System.out.println(HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
    }
}
