package io.peerset.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeOptions;
import io.peerset.wire.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration tables are generated from the option table ({@link FileOptions},
 * {@link NodeOptions}): each sits between {@code <!-- options: NAME -->} and
 * {@code <!-- /options -->}, and this test fails, printing the table it expects, when one differs.
 * Run it with {@code -Dpeerset.readme.write=true} to rewrite the tables in place.
 */
class ReadmeOptionsTest {

    private static final Path README = Path.of("..", "README.md");

    private static final Pattern TABLE = Pattern.compile("(<!-- options: (\\w+) -->\n)(.*?)(<!-- /options -->)",
            Pattern.DOTALL);

    @Test
    void theReadmesConfigurationTablesAreGeneratedFromTheOptionTable() throws IOException {
        String readme = Files.readString(README);
        Matcher m = TABLE.matcher(readme);
        StringBuilder regenerated = new StringBuilder();
        List<String> found = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        while (m.find()) {
            String name = m.group(2);
            found.add(name);
            String table = render(name);
            if (!table.equals(m.group(3))) {
                stale.add("README table '" + name + "' differs from the option table; expected:\n" + table);
            }
            m.appendReplacement(regenerated, Matcher.quoteReplacement(m.group(1) + table + m.group(4)));
        }
        m.appendTail(regenerated);
        assertThat(found).as("tables in README.md").containsExactlyInAnyOrder("network", "peerset", "node");
        if (Boolean.getBoolean("peerset.readme.write")) {
            Files.writeString(README, regenerated.toString());
            return;
        }
        assertThat(stale).as("regenerate with -Dpeerset.readme.write=true").isEmpty();
    }

    static String render(String name) {
        return switch (name) {
            case "network" -> fileTable(concat(FileOptions.in(NodeOptions.NETWORK_SECTION),
                    FileOptions.in(NodeOptions.TESTNET_PARAMETERS_SECTION)));
            case "peerset" -> fileTable(FileOptions.in(NodeOptions.PEERSET_SECTION));
            case "node" -> nodeTable();
            default -> throw new AssertionError("unknown table " + name);
        };
    }

    private static String fileTable(List<ConfigOption<?>> options) {
        StringBuilder t = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (ConfigOption<?> o : options) {
            String key = o.section().equals(NodeOptions.TESTNET_PARAMETERS_SECTION)
                    ? "`[network.testnet_parameters]` `" + o.key() + "`" : "`" + o.key() + "`";
            for (String alias : o.aliases()) {
                key += " (alias `" + alias + "`)";
            }
            t.append("| ").append(key).append(" | ").append(defaultCell(o)).append(" | ").append(meaning(o))
                    .append(" |\n");
        }
        return t.toString();
    }

    private static String nodeTable() {
        Map<String, List<ConfigOption<?>>> byName = new LinkedHashMap<>();
        for (ConfigOption<?> o : NodeOptions.settings()) {
            byName.computeIfAbsent(o.name(), n -> new ArrayList<>()).add(o);
        }
        StringBuilder t = new StringBuilder(
                "| setting | file key | `peerset run` flag | default | reference |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, List<ConfigOption<?>>> e : byName.entrySet()) {
            ConfigOption<?> first = e.getValue().get(0);
            String setting = "`" + e.getKey() + "`" + (NodeOptions.peerSet().contains(first) ? " (`peerSet()`)" : "");
            List<String> keys = e.getValue().stream().map(o -> "`" + o.path() + "`").toList();
            List<String> defaults = e.getValue().stream().map(ReadmeOptionsTest::defaultCell).toList();
            t.append("| ").append(setting).append(" | ").append(String.join(" / ", keys)).append(" | `")
                    .append(FileOptions.flag(first)).append("` | ").append(String.join(" / ", defaults))
                    .append(" | ").append(referenceCell(first)).append(" |\n");
        }
        return t.toString();
    }

    /** The reference section, or the value that gives the reference's behaviour for a defence beyond it. */
    private static String referenceCell(ConfigOption<?> o) {
        return o.referenceValue().map(v -> "beyond it (reference: `" + v + "`)").orElse(o.reference());
    }

    private static String defaultCell(ConfigOption<?> o) {
        return o.defaultText().isPresent() ? o.defaultText().get()
                : "`" + OptionText.defaultText(o, Network.MAINNET) + "`";
    }

    private static String meaning(ConfigOption<?> o) {
        String text = o.doc() + (OptionText.hasRange(o) ? " Range: " + OptionText.expected(o) + "." : "");
        return text.replace("<", "&lt;").replace(">", "&gt;"); // <cache_dir> is not an HTML tag
    }

    private static List<ConfigOption<?>> concat(List<ConfigOption<?>> a, List<ConfigOption<?>> b) {
        List<ConfigOption<?>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
