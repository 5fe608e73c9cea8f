package dev.sealpost.server.auth;

/** The result of checking {@link Credentials}. */
public sealed interface AuthOutcome {

  /** @param user the canonical address, as stored in the users file */
  record Success(String user) implements AuthOutcome {}

  /**
   * @param reasonForLog why, for the server log only: the client is told nothing more than 535 5.7.8,
   *     so that it cannot tell an unknown user from a wrong password (RFC 4954 §6)
   */
  record Failure(String reasonForLog) implements AuthOutcome {}
}
