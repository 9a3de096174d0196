/**
 * Discovery's building blocks (reference sections 1.3, 5.6, 5.7): connection limits counted with
 * tokens released exactly once, and the listener's per-IP throttle. The listener loop, the initial
 * peers and the crawler/dialer that use them arrive with the running node. Not exported.
 */
package io.peerset.core.discovery;
