package io.peerset.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documents' Java code is this module's code: every {@code ```java} block of README.md and
 * docs/PLUGINS.md must follow a line {@code <!-- snippet: NAME [NAME...] -->} and equal the named
 * regions of this module's sources (between {@code // tag::NAME[]} and {@code // end::NAME[]}; a name
 * may have several such pairs, whose lines are joined, so that what a snippet leaves unsaid, a
 * variable's declaration, stays outside it), de-indented and joined by one blank line. The build
 * compiles the regions, so the documents' code compiles; this test fails, printing the expected
 * block, when a document and a region differ, when a block has no marker, and when a region is in no
 * document. {@code -Dpeerset.readme.write=true} rewrites the documents' blocks from the sources.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("..", "..");
    private static final List<Path> DOCUMENTS = List.of(ROOT.resolve("README.md"), ROOT.resolve("docs/PLUGINS.md"));
    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("src/test/java"));

    private static final Pattern MARKER = Pattern.compile("\\s*<!-- snippet: ([\\w-]+(?: [\\w-]+)*) -->\\s*");
    private static final Pattern TAG = Pattern.compile("\\s*// (tag|end)::([\\w-]+)\\[]\\s*");

    @Test
    void everyJavaBlockOfTheDocumentsIsCompiledCode() throws IOException {
        Map<String, List<String>> regions = regions();
        Set<String> used = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        boolean write = Boolean.getBoolean("peerset.readme.write");
        for (Path document : DOCUMENTS) {
            assertThat(document).as("a document whose Java blocks are checked").exists();
            List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
            List<String> rewritten = new ArrayList<>();
            String name = ROOT.relativize(document).toString();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                rewritten.add(line);
                if (!line.strip().equals("```java")) {
                    continue;
                }
                String indent = line.substring(0, line.indexOf('`'));
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                List<String> block = new ArrayList<>();
                for (int j = i + 1; j < end; j++) {
                    String l = lines.get(j);
                    block.add(l.startsWith(indent) ? l.substring(indent.length()) : l.strip());
                }
                Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
                if (marker == null || !marker.matches()) {
                    problems.add(name + ":" + (i + 1) + ": a Java block without a <!-- snippet: NAME --> line before it"
                            + " (expected: its code as a tagged region of examples/peerset-examples)");
                    block.forEach(rewritten::add);
                } else {
                    List<String> expected = new ArrayList<>();
                    for (String region : marker.group(1).split(" ")) {
                        used.add(region);
                        if (!regions.containsKey(region)) {
                            problems.add(name + ":" + (i + 1) + ": no region '" + region + "' in examples/peerset-examples");
                            continue;
                        }
                        if (!expected.isEmpty()) {
                            expected.add("");
                        }
                        expected.addAll(regions.get(region));
                    }
                    if (!expected.equals(block)) {
                        problems.add(name + ":" + (i + 1) + ": the block differs from " + marker.group(1)
                                + "; expected:\n" + String.join("\n", expected));
                    }
                    for (String l : write ? expected : block) {
                        rewritten.add(l.isEmpty() ? "" : indent + l);
                    }
                }
                if (end < lines.size()) {
                    rewritten.add(lines.get(end));
                }
                i = end;
            }
            if (write) {
                Files.write(document, rewritten, StandardCharsets.UTF_8);
            }
        }
        Set<String> unused = new LinkedHashSet<>(regions.keySet());
        unused.removeAll(used);
        for (String region : unused) {
            problems.add("region '" + region + "' of examples/peerset-examples is in no document (expected: a"
                    + " <!-- snippet: " + region + " --> block, or the region removed)");
        }
        if (write) {
            problems.removeIf(p -> p.contains("; expected:\n"));
        }
        assertThat(problems).as("rewrite the blocks with -Dpeerset.readme.write=true").isEmpty();
    }

    @Test
    void theRegionsAreFoundWhereTheDocumentsExpectThem() throws IOException {
        Map<String, List<String>> regions = regions();
        assertThat(regions).containsKeys("wire-codec", "connecting", "configuration", "running-node", "plugin-module",
                "plugin-provider", "plugin-config", "testkit");
        assertThat(regions.get("plugin-module")).first().isEqualTo("module io.peerset.examples {");
        assertThat(regions.get("testkit")).first().isEqualTo("@ExtendWith(VirtualNetworkExtension.class)");
    }

    /** @return every region of the sources, by name: its lines without the tag lines, de-indented */
    static Map<String, List<String>> regions() throws IOException {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path root : SOURCES) {
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(root)) {
                sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path source : sources) {
                Set<String> open = new LinkedHashSet<>();
                List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
                for (int n = 0; n < lines.size(); n++) {
                    String line = lines.get(n);
                    Matcher tag = TAG.matcher(line);
                    if (tag.matches()) {
                        String region = tag.group(2);
                        if (tag.group(1).equals("tag")) {
                            Path other = files.putIfAbsent(region, source);
                            if (other != null && !other.equals(source)) {
                                throw new AssertionError("region '" + region + "' in both " + other + " and " + source);
                            }
                            if (!open.add(region)) {
                                throw new AssertionError(source + ":" + (n + 1) + ": region '" + region + "' opened twice");
                            }
                            regions.computeIfAbsent(region, k -> new ArrayList<>());
                        } else if (!open.remove(region)) {
                            throw new AssertionError(source + ":" + (n + 1) + ": region '" + region + "' ended, never opened");
                        }
                        continue;
                    }
                    for (String region : open) {
                        regions.get(region).add(line);
                    }
                }
                if (!open.isEmpty()) {
                    throw new AssertionError(source + ": regions " + open + " never ended");
                }
            }
        }
        regions.replaceAll((name, lines) -> dedent(lines));
        return regions;
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }
}
