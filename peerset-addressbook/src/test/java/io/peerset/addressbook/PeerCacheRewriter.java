package io.peerset.addressbook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The child process of {@link PeerCacheCrashIntegrationTest}: rewrites one peer cache file forever,
 * alternating two selections of different lengths, and prints "ready" after the first write.
 */
public final class PeerCacheRewriter {

    private PeerCacheRewriter() {
    }

    /** @return the two contents the file may ever hold, as sorted lines */
    static List<List<String>> selections() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 75; i++) {
            a.add("10.1." + i + ".1:8233");
            if (i < 40) {
                b.add("[2001:db8::" + Integer.toHexString(i + 1) + "]:18233");
            }
        }
        a.sort(null);
        b.sort(null);
        return List.of(a, b);
    }

    /**
     * @param args the file to rewrite
     * @throws Exception on failure (the parent sees the exit)
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        List<List<String>> selections = selections();
        SplittableRandom random = new SplittableRandom();
        PeerCacheFile.write(file, selections.get(0), random);
        System.out.println("ready");
        System.out.flush();
        for (int i = 1; ; i++) {
            PeerCacheFile.write(file, selections.get(i % 2), random);
        }
    }
}
