/**
 * Helpers shared by peerset's own modules, each written once instead of in every module:
 * {@link io.peerset.api.internal.Futures} (a failed future's error, unwrapped),
 * {@link io.peerset.api.internal.Checks} (argument checks worded in the house style),
 * {@link io.peerset.api.internal.IoErrors} (operator wording of I/O errors) and
 * {@link io.peerset.api.internal.SerialLoop} (a single-owner loop behind a lock-free inbox).
 * Not API: exported only so that peerset's modules can use it in any module layer; it may change
 * without notice.
 */
package io.peerset.api.internal;
