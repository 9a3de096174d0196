package io.peerset.plugin.seedlist.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocationTest {

    @Test
    void aPathIsAFileAndAnHttpUrlIsAUrl() {
        assertThat(Location.parse("seeds/mainnet.txt")).isEqualTo(new Location.File(Path.of("seeds/mainnet.txt")));
        assertThat(Location.parse("https://seeds.example.org/m.txt"))
                .isEqualTo(new Location.Url(URI.create("https://seeds.example.org/m.txt")));
        assertThat(Location.parse("HTTP://127.0.0.1:8080/m.txt")).isInstanceOf(Location.Url.class);
    }

    @Test
    void plainHttpIsRemoteUnlessTheHostIsThisMachine() {
        assertThat(Location.parse("http://seeds.example.org/m.txt").isPlainRemote()).isTrue();
        assertThat(Location.parse("http://10.0.0.1/m.txt").isPlainRemote()).isTrue();
        assertThat(Location.parse("http://127.0.0.1:8080/m.txt").isPlainRemote()).isFalse();
        assertThat(Location.parse("http://127.9.9.9/m.txt").isPlainRemote()).isFalse();
        assertThat(Location.parse("http://[::1]:8080/m.txt").isPlainRemote()).isFalse();
        assertThat(Location.parse("http://LocalHost/m.txt").isPlainRemote()).isFalse();
        // a name that merely starts like loopback is not loopback
        assertThat(Location.parse("http://127.0.0.1.example.org/m.txt").isPlainRemote()).isTrue();
        assertThat(Location.parse("https://seeds.example.org/m.txt").isPlainRemote()).isFalse();
        assertThat(Location.parse("https://seeds.example.org/m.txt").isTls()).isTrue();
        assertThat(Location.parse("m.txt").isPlainRemote()).isFalse();
    }

    @Test
    void theSignatureLiesBeside() {
        assertThat(Location.parse("a/m.txt").withSuffix(".sig")).isEqualTo(Location.parse("a/m.txt.sig"));
        assertThat(Location.parse("https://x.org/m.txt").withSuffix(".sig").toString()).isEqualTo("https://x.org/m.txt.sig");
    }

    @Test
    void refusesWhatIsNeitherAFileNorAnHttpUrlInOneLine() {
        assertThatThrownBy(() -> Location.parse(" ")).hasMessageStartingWith("empty (expected: a file path, or an https:// URL");
        assertThatThrownBy(() -> Location.parse("ftp://x.org/m.txt"))
                .hasMessage("\"ftp://x.org/m.txt\": scheme ftp (expected: https://, http:// or a file path)");
        assertThatThrownBy(() -> Location.parse("https:///m.txt"))
                .hasMessage("\"https:///m.txt\": no host (expected: https://host/path)");
        assertThatThrownBy(() -> Location.parse("https://user:secret@x.org/m.txt"))
                .hasMessageContaining("credentials in the URL").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Location.parse("https://x.org/a b"))
                .hasMessageStartingWith("\"https://x.org/a b\": not a valid URL");
        assertThatThrownBy(() -> Location.parse("x".repeat(SeedListConstants.MAX_LOCATION_LENGTH + 1)))
                .hasMessage("2049 characters (expected: at most 2048)");
        assertThatThrownBy(() -> Location.parse("a\0b")).hasMessageContaining("not a valid path");
    }
}
