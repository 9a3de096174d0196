package io.peerset.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * What a user of the library expects of a release, kept from drifting: the dual license (MIT OR
 * Apache-2.0, as Zebra) in the files, the POMs and the README; the NOTICE that credits Zebra; the
 * release profile that attaches sources and Javadoc, off by default.
 */
class ReleaseHygieneTest {

    private static final Path ROOT = Path.of("..", "..");

    /** The SHA-256 of the Apache License 2.0's canonical text (https://www.apache.org/licenses/LICENSE-2.0.txt). */
    private static final String APACHE_2_0_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30";

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void theLicenseFilesHoldTheStandardTexts() throws IOException, NoSuchAlgorithmException {
        byte[] apache = Files.readAllBytes(ROOT.resolve("LICENSE-APACHE"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(apache)))
                .as("LICENSE-APACHE is the canonical text, unchanged").isEqualTo(APACHE_2_0_SHA256);
        assertThat(read("LICENSE-MIT")).startsWith("MIT License\n\nCopyright (c) 2026 peerset contributors\n\n"
                + "Permission is hereby granted, free of charge,").contains("THE SOFTWARE IS PROVIDED \"AS IS\"");
        assertThat(read("LICENSE")).contains("MIT OR Apache-2.0", "LICENSE-APACHE", "LICENSE-MIT");
        assertThat(read("NOTICE")).contains("Copyright 2026 peerset contributors", "Zebra",
                "https://github.com/ZcashFoundation/zebra", "Zcash Foundation", "(MIT OR Apache-2.0)");
        assertThat(read("README.md")).contains("\n## License\n", "(`MIT OR Apache-2.0`)", "[NOTICE](NOTICE)");
    }

    @Test
    void everyPomStatesBothLicenses() throws IOException {
        for (String pom : new String[] {"pom.xml", "peerset-bom/pom.xml"}) {
            assertThat(read(pom)).as(pom).contains("<name>MIT</name>", "<name>Apache-2.0</name>");
        }
    }

    @Test
    void theReleaseProfileAttachesSourcesAndJavadocAndIsOffByDefault() throws IOException {
        String pom = read("pom.xml");
        int profile = pom.indexOf("<id>release</id>");
        assertThat(profile).as("a release profile").isPositive();
        String release = pom.substring(profile, pom.indexOf("</profile>", profile));
        assertThat(release).contains("maven-source-plugin", "jar-no-fork", "maven-javadoc-plugin", "<goal>jar</goal>",
                "LICENSE-MIT", "NOTICE").doesNotContain("activeByDefault");
    }

    @Test
    void theDistributionShipsTheLicenseFiles() throws IOException {
        assertThat(read("peerset-cli/pom.xml")).contains("includes=\"LICENSE,LICENSE-MIT,LICENSE-APACHE,NOTICE\"");
    }
}
