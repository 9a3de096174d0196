package io.peerset.examples;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.NodeOptions;
import io.peerset.wire.Network;
import java.time.Duration;

/** README, "Configuration". */
final class ConfigurationExample {

    private ConfigurationExample() {
    }

    static NodeConfig configuration() {
        // tag::configuration[]
        NodeConfig config = NodeConfig.builder(Network.MAINNET)
                .set(NodeOptions.READY_TIMEOUT, Duration.ofSeconds(5))   // same as .peerSet(...readyTimeout(...))
                .build();
        for (ConfigOption<?> option : NodeOptions.settings()) {
            System.out.println(option.path() + " = " + config.value(option).map(Object::toString).orElse("unset"));
        }
        NodeConfig changed = config.toBuilder().requestTimeout(Duration.ofSeconds(10)).build();  // keeps every other setting
        // end::configuration[]
        return changed;
    }
}
