package io.peerset.wire;

import java.util.List;
import java.util.Optional;

/**
 * {@code addrv2} (ZIP-155): gossiped addresses of any network type. Every entry is kept;
 * {@link #addresses()} gives the IPv4 and IPv6 ones, which is all the reference uses (it drops the
 * others while decoding).
 *
 * @param entries at most {@value WireLimits#MAX_ADDRS_IN_MESSAGE}
 */
public record AddrV2Message(List<AddrV2Entry> entries) implements Message {

    /** The command. */
    public static final String COMMAND = "addrv2";

    /**
     * Copies the list and checks its size.
     *
     * @throws IllegalArgumentException if there are too many entries
     */
    public AddrV2Message {
        entries = Checks.list("entries", entries, WireLimits.MAX_ADDRS_IN_MESSAGE);
    }

    /** @return the IPv4 and IPv6 entries, in order, as address entries */
    public List<AddressEntry> addresses() {
        return entries.stream().map(AddrV2Entry::toAddressEntry).flatMap(Optional::stream).toList();
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
