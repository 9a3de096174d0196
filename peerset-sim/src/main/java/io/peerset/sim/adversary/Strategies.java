package io.peerset.sim.adversary;

import io.peerset.sim.spi.AdversaryContext;
import io.peerset.sim.spi.AdversaryStrategy;
import io.peerset.sim.spi.AdversaryStrategyProvider;
import io.peerset.sim.spi.Link;
import io.peerset.wire.Message;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in adversary strategies, one small provider each (the SPI a researcher implements the
 * same way). Issue 15 lists them; each is tested to do what it claims in {@code StrategiesTest}.
 */
public final class Strategies {

    private Strategies() {
    }

    /** {@code poison}: answers {@code getaddr} with adversary addresses only; optionally pushes them unasked. */
    public static final class Poison implements AdversaryStrategyProvider {
        @Override
        public String name() {
            return "poison";
        }

        @Override
        public String description() {
            return "answers getaddr only with adversary addresses, its nodes' and unreachable ones in its "
                    + "prefixes (unreachable, default 1000; push = true: also sends them unasked on every new connection)";
        }

        @Override
        public AdversaryStrategy create(Map<String, String> parameters) {
            Params p = new Params(parameters, "push", "unreachable");
            return poisoner(p.flag("push", false), 0, Optional.empty(), unreachable(p));
        }
    }

    /**
     * {@code sybil}: many adversary addresses in few prefixes, gossiping only each other: give the group
     * {@code prefixes = 4} (or however few) in the scenario; the behaviour is {@code poison}'s.
     */
    public static final class Sybil implements AdversaryStrategyProvider {
        @Override
        public String name() {
            return "sybil";
        }

        @Override
        public String description() {
            return "many addresses in the group's few /16 prefixes (set prefixes in the scenario), gossiping "
                    + "only adversary addresses";
        }

        @Override
        public AdversaryStrategy create(Map<String, String> parameters) {
            Params p = new Params(parameters, "unreachable");
            return poisoner(false, 0, Optional.empty(), unreachable(p));
        }
    }

    /** {@code seeder-poison}: a share of every seeder answer is this group's addresses; gossips like {@code poison}. */
    public static final class SeederPoison implements AdversaryStrategyProvider {
        @Override
        public String name() {
            return "seeder-poison";
        }

        @Override
        public String description() {
            return "share (default 0.5) of every seeder answer lists the group's addresses; they gossip only "
                    + "adversary addresses";
        }

        @Override
        public AdversaryStrategy create(Map<String, String> parameters) {
            Params p = new Params(parameters, "share", "unreachable");
            return poisoner(false, p.share("share", 0.5), Optional.empty(), unreachable(p));
        }
    }

    /**
     * {@code eclipse}: dials the victims first (their inbound slots), pushes adversary addresses on every
     * connection and answers {@code getaddr} with them.
     */
    public static final class Eclipse implements AdversaryStrategyProvider {
        @Override
        public String name() {
            return "eclipse";
        }

        @Override
        public String description() {
            return "dials the group's victims at its start to hold their inbound slots, floods every peer with "
                    + "adversary addresses (flood, default 1000 per connection; unreachable, default 1000) and answers "
                    + "getaddr with them";
        }

        @Override
        public AdversaryStrategy create(Map<String, String> parameters) {
            Params p = new Params(parameters, "flood", "unreachable");
            int flood = p.integer("flood", Gossip.MAX_ADDRS, 0, Gossip.MAX_ADDRS);
            int unreachable = unreachable(p);
            return new AdversaryStrategy() {
                @Override
                public List<PeerAddress> initialPeers(AdversaryContext context) {
                    return context.victims();
                }

                @Override
                public void onOpen(Link link) {
                    if (flood > 0) {
                        link.push(Gossip.adversaryAddr(flood, unreachable, link.context()));
                    }
                }

                @Override
                public List<Message> onSend(Message message, Link link) {
                    return Gossip.poisonAddr(message, unreachable, link.context());
                }
            };
        }
    }

    /** {@code silent}: completes the handshake, then sends nothing at all (no answers, no pongs). */
    public static final class Silent implements AdversaryStrategyProvider {
        @Override
        public String name() {
            return "silent";
        }

        @Override
        public String description() {
            return "accepts and completes the handshake, then never sends anything (requests and heartbeats "
                    + "time out)";
        }

        @Override
        public AdversaryStrategy create(Map<String, String> parameters) {
            new Params(parameters);
            return new AdversaryStrategy() {
                @Override
                public List<Message> onSend(Message message, Link link) {
                    return List.of();
                }
            };
        }
    }

    /** {@code slow}: answers everything, each message held for {@code delay} (default 10 s). */
    public static final class Slow implements AdversaryStrategyProvider {
        @Override
        public String name() {
            return "slow";
        }

        @Override
        public String description() {
            return "answers everything, but holds each message after the handshake for delay (default 10s)";
        }

        @Override
        public AdversaryStrategy create(Map<String, String> parameters) {
            Params p = new Params(parameters, "delay");
            Duration delay = p.duration("delay", Duration.ofSeconds(10), Duration.ofHours(1));
            return new AdversaryStrategy() {
                @Override
                public Duration sendDelay(Message message) {
                    return delay;
                }
            };
        }
    }

    /**
     * {@code fast}: links of {@code latency} (default 1 ms) whatever the scenario's, so that it answers
     * first and attracts the power of two choices; dials the group's victims first (their inbound
     * slots, so that it holds a known share of their peers); gossips honestly unless
     * {@code poison = true}.
     */
    public static final class Fast implements AdversaryStrategyProvider {
        @Override
        public String name() {
            return "fast";
        }

        @Override
        public String description() {
            return "links with latency (default 1ms) whatever the scenario's, answering first to attract "
                    + "power-of-two-choices routing; dials the group's victims first (poison = true: also gossips only "
                    + "adversary addresses)";
        }

        @Override
        public AdversaryStrategy create(Map<String, String> parameters) {
            Params p = new Params(parameters, "latency", "poison", "unreachable");
            Duration latency = p.duration("latency", Duration.ofMillis(1), Duration.ofSeconds(10));
            if (p.flag("poison", false)) {
                return poisoner(false, 0, Optional.of(latency), unreachable(p));
            }
            return new AdversaryStrategy() {
                @Override
                public Optional<Duration> latency() {
                    return Optional.of(latency);
                }

                @Override
                public List<PeerAddress> initialPeers(AdversaryContext context) {
                    return context.victims();
                }
            };
        }
    }

    /** The unreachable addresses a poisoning group may gossip besides its nodes' (Heilman et al.'s "trash"). */
    private static int unreachable(Params p) {
        return p.integer("unreachable", 1_000, 0, 1_000_000);
    }

    private static AdversaryStrategy poisoner(boolean push, double seederShare, Optional<Duration> latency,
                                              int unreachable) {
        return new AdversaryStrategy() {
            @Override
            public void onOpen(Link link) {
                if (push) {
                    link.push(Gossip.adversaryAddr(Gossip.MAX_ADDRS, unreachable, link.context()));
                }
            }

            @Override
            public List<Message> onSend(Message message, Link link) {
                return Gossip.poisonAddr(message, unreachable, link.context());
            }

            @Override
            public double seederShare() {
                return seederShare;
            }

            @Override
            public Optional<Duration> latency() {
                return latency;
            }
        };
    }
}
