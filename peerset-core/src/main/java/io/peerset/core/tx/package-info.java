/**
 * Transaction identifiers: SHA-256d txids (v1 to v4), ZIP-244 txids and authorizing-data digests
 * (v5), and the block Merkle root, all in internal byte order. See {@link io.peerset.core.tx.TransactionIds}.
 */
package io.peerset.core.tx;
