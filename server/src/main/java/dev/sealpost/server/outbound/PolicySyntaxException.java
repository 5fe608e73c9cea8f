package dev.sealpost.server.outbound;

/**
 * A DNS record or policy file that does not follow its RFC grammar (RFC 8461 §3.1–§3.2, RFC 8460
 * §3). The only exception the outbound policy parsers throw for bad input; the message names the
 * offending text.
 */
public final class PolicySyntaxException extends RuntimeException {

  public PolicySyntaxException(String message) {
    super(message);
  }
}
