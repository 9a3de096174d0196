package io.peerset.examples;

import io.peerset.api.BannedIp;
import io.peerset.api.PeerInfo;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Subnet;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.List;

/** README, "Admin API" (the same from code). */
final class ControlExample {

    private ControlExample() {
    }

    static List<BannedIp> run(PeerSetNode node) {
        // tag::control[]
        for (PeerInfo p : node.peers().join()) {                    // getpeerinfo: one pass on the set's loop
            if (p.misbehaviorScore() > 0 || p.announcedVersion() < 170_150) {
                node.disconnect(p.address()).join();                // closes it, stops keeping it
            }
        }
        node.connect(PeerAddress.parse("198.51.100.4:8233"), true);  // addnode: dialled now, and again when it drops
        node.ban(Subnet.parse("192.0.2.0/24"), Duration.ofDays(7), "address flood").join();
        List<BannedIp> bans = node.bans();                          // misbehaviour bans, then the operator's
        node.unban(Subnet.parse("192.0.2.0/24")).join();
        // end::control[]
        return bans;
    }
}
