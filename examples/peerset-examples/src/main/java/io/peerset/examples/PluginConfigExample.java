package io.peerset.examples;

import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetNode;
import io.peerset.api.PluginSettings;
import io.peerset.core.PeerSets;
import io.peerset.plugin.seedlist.SeedListOptions;
import io.peerset.wire.Network;

/** README, "Plugins and custom distributions": choosing a plugin in code. */
final class PluginConfigExample {

    private PluginConfigExample() {
    }

    static PeerSetNode start(String publicKeyHex) {
        // tag::plugin-config[]
        NodeConfig config = NodeConfig.builder(Network.MAINNET)
                .plugins(PluginSettings.builder()                      // as [plugins.seed-list] in a file
                        .set(SeedListOptions.SOURCE, "https://seeds.example.org/mainnet.txt")
                        .set(SeedListOptions.PUBLIC_KEY, publicKeyHex)   // then mainnet.txt.sig must verify
                        .build())
                .build();
        PeerSetNode node = PeerSets.nodeBuilder(config).start();       // seed-list found by ServiceLoader
        // end::plugin-config[]
        return node;
    }
}
