package dev.sealpost.server.auth;

import java.util.Optional;

/**
 * The server side of one SASL exchange, without I/O: the session feeds it the AUTH command's initial
 * response, then each client line, and acts on the returned step. An instance serves one exchange and
 * is then discarded; it is not thread-safe (a session handles one line at a time).
 */
public interface SaslServerMechanism {

  /**
   * @param initialResponse the base64 argument of {@code AUTH <mechanism> <initial-response>}, where
   *     {@code =} stands for an empty response (RFC 4954 §4)
   */
  SaslStep start(Optional<String> initialResponse);

  /** @param clientLine one client line in answer to a challenge, without its CRLF */
  SaslStep next(String clientLine);
}
