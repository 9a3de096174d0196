/**
 * Helpers shared by peerset's own modules ({@link io.peerset.api.internal.IoErrors}: operator
 * wording of I/O errors). Exported only to those modules; not API, may change without notice.
 */
package io.peerset.api.internal;
