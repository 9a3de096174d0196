/**
 * The README's examples, one class per section, each snippet a tagged region; the variables a
 * snippet uses without declaring them are the parameters of its method. Not exported: nothing here is
 * API.
 */
package io.peerset.examples;
