package dev.sealpost.server.acme;

import org.shredzone.acme4j.challenge.Challenge;

/**
 * Answers the CA's validation requests for one challenge type while an order is pending. Called from
 * the ACME thread: {@link #publish} before the challenge is triggered, {@link #withdraw} once it is
 * decided (valid or not). The responder listens for the whole life of the server, answering nothing
 * but published challenges.
 */
interface ChallengeResponder extends AutoCloseable {

  /** The ACME challenge type answered, e.g. {@code http-01}. */
  String type();

  /** Starts answering {@code challenge} for the host name {@code name}. */
  void publish(String name, Challenge challenge);

  /** Stops answering it. */
  void withdraw(String name, Challenge challenge);

  @Override
  void close();
}
