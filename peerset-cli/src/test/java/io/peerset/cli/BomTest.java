package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM follows the build: every module of the reactor that users depend on (all but the BOM
 * itself and the benchmarks) is in {@code peerset-bom} and in the parent's dependency management,
 * at the reactor's version. The BOM cannot inherit the list (it has no parent, so that importing it
 * brings nothing else), so this test is what keeps a new module from being left out. It lives here
 * because the command line is the module built after every other.
 */
class BomTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern MANAGED = Pattern.compile(
            "<groupId>io\\.peerset</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

    @Test
    void theBomAndTheParentManageEveryModuleOfTheBuild() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        List<String> modules = all(MODULE, parent, 1).stream()
                // examples/ (a plugin, a custom distribution, the README's code) is built and tested, not depended on
                .filter(m -> !m.equals("peerset-bom") && !m.equals("peerset-bench") && !m.equals("examples")).toList();
        assertThat(modules).contains("peerset-wire", "peerset-api", "peerset-core", "peerset-cli");

        String bomFile = Files.readString(ROOT.resolve("peerset-bom/pom.xml"));
        String bom = managed(bomFile);
        assertThat(all(MANAGED, bom, 1)).as("peerset-bom/pom.xml").containsExactlyInAnyOrderElementsOf(modules);
        assertThat(all(MANAGED, managed(parent), 1)).as("the parent's dependencyManagement")
                .containsExactlyInAnyOrderElementsOf(modules);

        String version = matchOne("<artifactId>peerset-parent</artifactId>\\s*<version>([^<]+)</version>", parent);
        assertThat(all(MANAGED, bom, 2)).as("versions in the BOM").containsOnly(version);
        assertThat(matchOne("<artifactId>peerset-bom</artifactId>\\s*<version>([^<]+)</version>", bomFile)).isEqualTo(version);
    }

    private static String managed(String pom) {
        int start = pom.indexOf("<dependencyManagement>");
        int end = pom.indexOf("</dependencyManagement>");
        assertThat(start).as("a dependencyManagement section").isNotNegative().isLessThan(end);
        return pom.substring(start, end);
    }

    private static List<String> all(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        return found;
    }

    private static String matchOne(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
