package dev.sealpost.server.auth;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Checks the credentials of an AUTH exchange.
 *
 * <p>Contract: {@link #authenticate} is called on a Netty event loop thread and must return at once,
 * never blocking it: password hashing costs tens of milliseconds and megabytes, and would stall every
 * other connection on that loop. The returned future completes later on another thread (or is already
 * complete when the implementation refuses the work outright, as when its executor is shut down). It completes
 * with a {@link AuthOutcome.Failure} for anything the client got wrong, and exceptionally only for a bug;
 * the caller treats both as a failed attempt. The caller clears {@code credentials.password()} after the
 * future completes, so an implementation must not keep the array.
 */
public interface Authenticator {

  /**
   * @param credentials from the SASL exchange
   * @param client the client's address, for implementations that want it (throttling is the caller's)
   */
  CompletableFuture<AuthOutcome> authenticate(Credentials credentials, InetAddress client);
}
