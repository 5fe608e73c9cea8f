package dev.sealpost.server.auth;

import java.util.Objects;

/**
 * What a SASL exchange yielded (RFC 4422 §2): who acts, who proves it, and the proof.
 *
 * @param authorizationId the identity to act as; empty when the client sent none
 * @param authenticationId the identity whose password this is
 * @param password the password; whoever ends the exchange clears it once the outcome is known
 */
public record Credentials(String authorizationId, String authenticationId, char[] password) {

  public Credentials {
    Objects.requireNonNull(authorizationId, "authorizationId");
    Objects.requireNonNull(authenticationId, "authenticationId");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "Credentials[authorizationId=" + authorizationId + ", authenticationId=" + authenticationId
        + ", password=(hidden)]";
  }
}
