/**
 * The admin API of {@code peerset run --admin} (issue 17): a small JSON API on the JDK's HTTP server
 * that shows a running node's peers and bans and carries out an operator's commands, guarded by a
 * cookie (a random token in a file only the node's user can read, as bitcoind's {@code .cookie}); and
 * the client the {@code peerset peers}, {@code ban}, {@code unban}, {@code connect} and
 * {@code disconnect} commands use. Not exported.
 */
package io.peerset.cli.admin;
