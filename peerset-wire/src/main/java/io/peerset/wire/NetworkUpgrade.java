package io.peerset.wire;

/**
 * Zcash network upgrades, in activation order (reference section 2.1).
 *
 * <p>Only the order and the minimum peer protocol versions matter to the networking layer; the
 * activation heights belong to the chain state that an application supplies.
 */
public enum NetworkUpgrade {
    /** Height 0. */
    GENESIS,
    /** Heights before Overwinter. */
    BEFORE_OVERWINTER,
    /** Overwinter (ZIP-201/202/203). */
    OVERWINTER,
    /** Sapling (ZIP-205). */
    SAPLING,
    /** Blossom (ZIP-206). */
    BLOSSOM,
    /** Heartwood (ZIP-250). */
    HEARTWOOD,
    /** Canopy (ZIP-251). */
    CANOPY,
    /** NU5 (ZIP-252). */
    NU5,
    /** NU6 (ZIP-253). */
    NU6,
    /** NU6.1. */
    NU6_1,
    /** NU6.2. */
    NU6_2,
    /** NU6.3: provisional protocol version numbers in the reference snapshot. */
    NU6_3,
    /** NU7: provisional protocol version numbers in the reference snapshot. */
    NU7
}
