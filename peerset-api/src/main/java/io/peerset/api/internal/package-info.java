/**
 * Helpers shared by peerset's own modules ({@link io.peerset.api.internal.IoErrors}: operator
 * wording of I/O errors; {@link io.peerset.api.internal.SerialLoop}: a single-owner loop behind a
 * lock-free inbox). Exported only to those modules; not API, may change without notice.
 */
package io.peerset.api.internal;
