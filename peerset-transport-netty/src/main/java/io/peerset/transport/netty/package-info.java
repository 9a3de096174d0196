/**
 * Netty transport implementation (planned). Not exported; Netty types never appear in an exported
 * signature.
 */
package io.peerset.transport.netty;
