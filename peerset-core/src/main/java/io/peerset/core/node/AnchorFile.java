package io.peerset.core.node;

import static java.util.Objects.requireNonNull;

import io.peerset.api.internal.AtomicFile;
import io.peerset.api.internal.IoErrors;
import io.peerset.api.spi.AnchorStore;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's anchors in a file (issue 16 §1.6): {@code <cacheDir>/network/<network>.peerset-anchors},
 * peerset's own file beside the peer cache (zebrad reads that one, so nothing of ours goes in it),
 * ASCII, one address per line, at most {@link AnchorStore#MAX_ANCHORS}.
 *
 * <p>{@link #take()} reads at most {@link #MAX_BYTES} (a file someone else made large costs nothing),
 * skips lines that are not addresses with one warning, and deletes the file; {@link #write} replaces
 * it atomically, and an empty list deletes it.
 *
 * <p>Thread-safe (one lock); blocking file I/O.
 */
final class AnchorFile implements AnchorStore {

    /** Eight of the longest lines ({@code [IPv6]:port}, 47 characters) and then some. */
    static final int MAX_BYTES = 1024;

    private static final Logger log = LoggerFactory.getLogger(AnchorFile.class);

    private final Path file;
    private final RandomGenerator random;

    AnchorFile(Path file, RandomGenerator random) {
        this.file = requireNonNull(file, "file");
        this.random = requireNonNull(random, "random");
    }

    /**
     * @param cacheDir the cache directory
     * @param network  the network
     * @return {@code <cacheDir>/network/<network name lowercased>.peerset-anchors}
     */
    static Path path(Path cacheDir, Network network) {
        return cacheDir.resolve("network").resolve(network.name().toLowerCase(Locale.ROOT) + ".peerset-anchors");
    }

    @Override
    public synchronized List<PeerAddress> take() {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.warn("node: anchors {}: cannot read them: {}; starting without anchors", file, IoErrors.reason(e));
            return List.of();
        }
        int end = bytes.length;
        if (end > MAX_BYTES) {
            // whole lines only: the line cut at the bound could parse as another address
            end = MAX_BYTES;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
        }
        Set<PeerAddress> anchors = new LinkedHashSet<>();
        int bad = 0;
        for (String line : new String(bytes, 0, end, StandardCharsets.US_ASCII).split("\n")) {
            String text = line.strip();
            if (text.isEmpty() || anchors.size() == MAX_ANCHORS) {
                continue;
            }
            try {
                anchors.add(PeerAddress.parse(text));
            } catch (IllegalArgumentException e) {
                bad++;
            }
        }
        if (bad > 0) {
            log.warn("node: anchors {}: skipped {} line(s) that are not addresses", file, bad);
        }
        delete();
        return List.copyOf(anchors);
    }

    private void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // read once: an anchor file that cannot be deleted would be dialled first at every start
            log.warn("node: anchors {}: cannot delete it after reading: {}", file, IoErrors.reason(e));
        }
    }

    @Override
    public synchronized void write(List<PeerAddress> anchors) throws IOException {
        if (anchors.isEmpty()) {
            delete();
            return;
        }
        List<String> lines = new ArrayList<>();
        anchors.stream().distinct().limit(MAX_ANCHORS).forEach(a -> lines.add(a.toString()));
        byte[] content = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (!AtomicFile.write(file, content, random, false)) {
            log.warn(AtomicFile.notAtomic(file));
        }
    }

    @Override
    public String toString() {
        return "anchors " + file;
    }
}
