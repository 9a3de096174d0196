/**
 * Helpers shared by peerset's own modules, each written once instead of in every module:
 * {@link io.peerset.api.internal.Futures} (a failed future's error, unwrapped) and
 * {@link io.peerset.api.internal.IoErrors} (operator
 * wording of I/O errors). Exported only to those modules; not API, may change without notice.
 */
package io.peerset.api.internal;
