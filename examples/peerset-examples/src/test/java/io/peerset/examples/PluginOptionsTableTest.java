package io.peerset.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ConfigOption;
import io.peerset.plugin.seedlist.SeedListOptions;
import io.peerset.wire.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/PLUGINS.md's table of the seed-list plugin's options is generated from their declarations
 * ({@link SeedListOptions}): it sits between {@code <!-- plugin-options: seed-list -->} and
 * {@code <!-- /plugin-options -->}, and this test fails, printing the table it expects, when it
 * differs. {@code -Dpeerset.readme.write=true} rewrites it, as for the README's tables.
 */
class PluginOptionsTableTest {

    private static final Path DOCUMENT = Path.of("..", "..", "docs", "PLUGINS.md");
    private static final Pattern TABLE = Pattern.compile("(<!-- plugin-options: seed-list -->\n)(.*?)(<!-- /plugin-options -->)",
            Pattern.DOTALL);

    @Test
    void theSeedListOptionsTableIsGeneratedFromTheDeclarations() throws IOException {
        String text = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
        Matcher m = TABLE.matcher(text);
        assertThat(m.find()).as("a plugin-options table in " + DOCUMENT).isTrue();
        String expected = render(SeedListOptions.all());
        if (Boolean.getBoolean("peerset.readme.write")) {
            Files.writeString(DOCUMENT, text.substring(0, m.start(2)) + expected + text.substring(m.end(2)),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(m.group(2)).as("regenerate with -Dpeerset.readme.write=true; expected:\n" + expected)
                .isEqualTo(expected);
    }

    static String render(List<ConfigOption<?>> options) {
        StringBuilder t = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (ConfigOption<?> o : options) {
            String range = o.range().expected().equals(ConfigOption.Range.any().expected()) ? ""
                    : " Range: " + expected(o) + ".";
            t.append("| `").append(o.key()).append("` | ").append(defaultCell(o)).append(" | ")
                    .append(o.doc().replace("<", "&lt;").replace(">", "&gt;")).append(range).append(" |\n");
        }
        return t.toString();
    }

    private static String defaultCell(ConfigOption<?> o) {
        if (o.defaultText().isPresent()) {
            return o.defaultText().get();
        }
        Object value = o.defaultValue(Network.MAINNET).orElseThrow();
        return "`" + (value instanceof Duration d ? "\"" + human(d) + "\"" : value) + "`";
    }

    private static String expected(ConfigOption<?> o) {
        if (o.kind() == ConfigOption.Kind.DURATION) {
            return "from \"" + human((Duration) o.range().min().orElseThrow()) + "\" to \""
                    + human((Duration) o.range().max().orElseThrow()) + "\"";
        }
        return o.range().expected();
    }

    /** The file's form of the plugin's durations (whole seconds or minutes): {@code "10s"}, {@code "5m"}. */
    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }
}
